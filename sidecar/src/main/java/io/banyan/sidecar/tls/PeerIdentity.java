package io.banyan.sidecar.tls;

import io.netty.channel.Channel;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;

import javax.net.ssl.SSLPeerUnverifiedException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * The caller's SPIFFE id on an inbound mutual-TLS connection, read once from the handshake's peer certificate
 * and kept on the channel; and the request header it is handed to the app in.
 */
public final class PeerIdentity {

    /** Set by the sidecar on requests it forwards to the app; removed from anything arriving from outside. */
    public static final String HEADER = "x-banyan-peer-identity";

    private static final AttributeKey<String> KEY = AttributeKey.valueOf(PeerIdentity.class, "peer");
    private static final String NONE = "";

    private PeerIdentity() {
    }

    /**
     * The peer's {@code spiffe://...} id when {@code stream} is TLS with a verified peer certificate; for an HTTP/2
     * stream channel, that of its connection.
     */
    public static Optional<String> of(Channel stream) {
        Channel channel = stream instanceof Http2StreamChannel ? stream.parent() : stream; // TLS is the connection's
        String cached = channel.attr(KEY).get();
        if (cached == null) {
            SslHandler ssl = channel.pipeline().get(SslHandler.class);
            if (ssl != null && !ssl.handshakeFuture().isDone()) {
                return Optional.empty(); // not known yet: do not remember "none"
            }
            cached = read(ssl);
            channel.attr(KEY).set(cached);
        }
        return cached.isEmpty() ? Optional.empty() : Optional.of(cached);
    }

    private static String read(SslHandler ssl) {
        if (ssl == null || !ssl.handshakeFuture().isSuccess()) {
            return NONE;
        }
        try {
            Certificate[] peer = ssl.engine().getSession().getPeerCertificates();
            if (peer.length > 0 && peer[0] instanceof X509Certificate leaf) {
                return SpiffeIds.workloadId(leaf).orElse(NONE);
            }
        } catch (SSLPeerUnverifiedException e) {
            return NONE;
        }
        return NONE;
    }
}
