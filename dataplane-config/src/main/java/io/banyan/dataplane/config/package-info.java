/**
 * The sidecar's configuration as immutable, validated records: the mesh config (listeners, routes, clusters,
 * endpoints) and every settings record of the packages above it (balancing, retries, breakers, thresholds, rate
 * limits, protocol limits, the instance). xDS is translated into these once, at the edge; the data plane never sees
 * protobuf.
 */
package io.banyan.dataplane.config;
