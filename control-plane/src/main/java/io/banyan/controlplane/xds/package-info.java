/**
 * Serves the xDS snapshots over ADS (java-control-plane's discovery server): node admission, stream callbacks, the
 * directory of connected sidecars, and the publisher that keeps each node's snapshot in the cache.
 */
package io.banyan.controlplane.xds;
