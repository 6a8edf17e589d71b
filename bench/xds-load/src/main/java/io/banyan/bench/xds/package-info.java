/**
 * The control-plane load generator of {@code bench/controlplane}: registers services and instances over the admin
 * API, obtains a workload certificate per node as a sidecar does, holds N real ADS streams (delta or
 * state-of-the-world) that ACK like sidecars, heartbeats every instance, drives churn, and measures per change the
 * time from the write's acknowledgement to the last affected node's ACK. Built only with {@code -Pcpbench}.
 */
package io.banyan.bench.xds;
