package io.banyan.sidecar.listener;

import io.banyan.sidecar.tls.EdgeTls;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SniHandler;

import java.util.function.Consumer;

/**
 * The first stage of an edge gateway's TLS listener: the client's SNI name chooses the certificate
 * ({@link EdgeTls}), then the handshake check. No client certificate is asked for: these clients are outside the mesh.
 */
final class EdgeTlsStage {

    private EdgeTlsStage() {
    }

    static void addTo(Channel channel, EdgeTls tls, Consumer<Throwable> failures) {
        channel.pipeline()
                .addLast(MutualTlsStage.TLS, new SniHandler(tls))
                .addLast(MutualTlsStage.TLS_HANDSHAKE, new InboundHandshakeHandler(failures));
    }
}
