package io.banyan.sidecar.tls;

import io.banyan.dataplane.config.Endpoint;
import io.netty.handler.ssl.SslContext;

import java.util.Optional;

/**
 * The transport hook: the client TLS context to reach an endpoint of a service's cluster with, or empty for
 * plaintext. Mutual TLS plugs in here: for {@code endpoint.mesh()} a context presenting the workload certificate and
 * accepting only the SPIFFE id of {@code service} (the cluster's {@code peerService}), offering by ALPN
 * only {@code h2} for an HTTP/2 connection and only {@code http/1.1} otherwise. Called once per new upstream
 * connection, on its event loop, so a rotated identity applies to new connections: it must not block.
 */
@FunctionalInterface
public interface UpstreamTls {

    /** The context for a new connection; {@code http2}: the connection will speak HTTP/2 (ALPN {@code h2}). */
    Optional<SslContext> sslContextFor(String service, Endpoint endpoint, boolean http2);

    /** The context for an HTTP/1.1 connection or an opaque byte stream. */
    default Optional<SslContext> sslContextFor(String service, Endpoint endpoint) {
        return sslContextFor(service, endpoint, false);
    }

    /** A TLS handshake to {@code endpoint} failed (the connection is closed and the attempt failed); for metrics. */
    default void onHandshakeFailure(String cluster, Endpoint endpoint, Throwable cause) {
    }

    /** Every endpoint over a plain connection. */
    static UpstreamTls plaintext() {
        return (service, endpoint, http2) -> Optional.empty();
    }
}
