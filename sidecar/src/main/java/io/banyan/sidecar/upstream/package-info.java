/** Upstream connections: pooled per endpoint and event loop, with the transport (plain or TLS) chosen per endpoint. */
package io.banyan.sidecar.upstream;
