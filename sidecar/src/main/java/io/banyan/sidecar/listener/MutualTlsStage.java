package io.banyan.sidecar.listener;

import io.banyan.sidecar.tls.InboundTls;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslContext;

/**
 * The first stage of every inbound pipeline, HTTP or TCP: mutual TLS with the current workload
 * certificate, and the handshake check. Without a certificate yet the connection is closed: an inbound
 * listener never serves plaintext.
 */
final class MutualTlsStage {

    static final String TLS = "tls";
    static final String TLS_HANDSHAKE = "tls-handshake";

    private MutualTlsStage() {
    }

    /** Adds the TLS handlers; returns false (and closes the channel) when there is no identity to serve with. */
    static boolean addTo(Channel channel, InboundTls tls) {
        SslContext ssl = tls.serverContext().orElse(null);
        if (ssl == null) {
            channel.close(); // no workload certificate yet: fail closed
            return false;
        }
        channel.pipeline()
                .addLast(TLS, ssl.newHandler(channel.alloc()))
                .addLast(TLS_HANDSHAKE, new InboundHandshakeHandler(tls::onHandshakeFailure));
        return true;
    }
}
