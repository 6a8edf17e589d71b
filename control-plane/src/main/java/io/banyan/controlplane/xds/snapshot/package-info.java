/**
 * Builds one node's xDS snapshot (Envoy v3 clusters, endpoints, listeners, routes) from the registry, policy and
 * authorization snapshots and the node's metadata: plain functions of their inputs, knowing nothing of gRPC streams.
 */
package io.banyan.controlplane.xds.snapshot;
