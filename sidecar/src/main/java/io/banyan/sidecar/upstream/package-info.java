/**
 * Upstream connections: pooled per endpoint and event loop, HTTP/1.1 one exchange at a time or HTTP/2 multiplexed
 * one stream per exchange, with the transport (plain or TLS with ALPN) chosen per endpoint, counted against their
 * cluster's connection and pending-request thresholds and closed after its idle timeout.
 */
package io.banyan.sidecar.upstream;
