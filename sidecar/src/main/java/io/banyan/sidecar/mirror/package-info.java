/**
 * Shadow traffic (Envoy's {@code request_mirror_policies}): a sampled copy of a routed request, body included up to a
 * limit, sent fire-and-forget to a mirror cluster, bounded in flight per cluster; the caller never waits for it or
 * sees its outcome.
 */
package io.banyan.sidecar.mirror;
