/**
 * Per-service traffic policies (load balancing, timeouts, retries, circuit breaking, outlier detection, health checks,
 * rate limits): validated records, their JSON, and the durable book that holds them and publishes revisioned
 * {@code PolicySnapshot}s.
 */
package io.banyan.controlplane.policy;
