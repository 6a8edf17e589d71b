package io.banyan.sidecar.upstream;

import io.banyan.sidecar.config.Endpoint;
import io.netty.handler.ssl.SslContext;

import java.util.Optional;

/**
 * The transport hook: the client TLS context to reach an endpoint with, or empty for plaintext.
 * Mutual TLS plugs in here (a context with the workload certificate for {@code endpoint.mesh()}).
 * Called once per new upstream connection, on its event loop: it must not block.
 */
@FunctionalInterface
public interface UpstreamTls {

    Optional<SslContext> sslContextFor(Endpoint endpoint);

    /** Every endpoint over a plain connection. */
    static UpstreamTls plaintext() {
        return endpoint -> Optional.empty();
    }
}
