package io.banyan.sidecar.upstream;

import io.banyan.sidecar.config.Endpoint;
import io.netty.handler.ssl.SslContext;

import java.util.Optional;

/**
 * The transport hook: the client TLS context to reach an endpoint of a cluster with, or empty for plaintext.
 * Mutual TLS plugs in here: for {@code endpoint.mesh()} a context presenting the workload certificate and
 * accepting only the SPIFFE id of {@code cluster}'s service (cluster name == service name). Called once per new
 * upstream connection, on its event loop, so a rotated identity applies to new connections: it must not block.
 */
@FunctionalInterface
public interface UpstreamTls {

    Optional<SslContext> sslContextFor(String cluster, Endpoint endpoint);

    /** A TLS handshake to {@code endpoint} failed (the connection is closed and the attempt failed); for metrics. */
    default void onHandshakeFailure(String cluster, Endpoint endpoint, Throwable cause) {
    }

    /** Every endpoint over a plain connection. */
    static UpstreamTls plaintext() {
        return (cluster, endpoint) -> Optional.empty();
    }
}
