package io.banyan.sidecar.tls;

import io.netty.handler.ssl.SslContext;

import java.util.Optional;

/**
 * The inbound listeners' TLS: the server context (mutual TLS, client certificate required) of the current
 * workload identity. Inbound never speaks plaintext: while this is empty, inbound connections are closed at once.
 * Asked per accepted connection, on its event loop: must not block.
 */
public interface InboundTls {

    Optional<SslContext> serverContext();

    /** An inbound handshake failed (the connection closes); for metrics. */
    default void onHandshakeFailure(Throwable cause) {
    }

    /** No identity, ever: every inbound connection is refused. */
    static InboundTls refuseAll() {
        return Optional::empty;
    }
}
