package io.banyan.sidecar.tls;

import io.netty.channel.Channel;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Optional;

/**
 * What the mutual-TLS handshake of a downstream connection proved about the caller, read once and kept on the
 * connection: the caller's SPIFFE id and the details Envoy puts in {@code x-forwarded-client-cert}. Empty strings
 * stand for "nothing verified" (a plaintext connection, or a certificate without one workload id).
 *
 * @param id                the caller's {@code spiffe://<td>/svc/<service>}
 * @param clientCertDetails {@code By=<our id>;Hash=<SHA-256 of the caller's DER certificate, hex>;URI=<caller id>}
 */
record VerifiedPeer(String id, String clientCertDetails) {

    private static final VerifiedPeer NONE = new VerifiedPeer("", "");
    private static final AttributeKey<VerifiedPeer> KEY = AttributeKey.valueOf(VerifiedPeer.class, "peer");

    /**
     * The peer of {@code stream}'s connection (an HTTP/2 stream's parent); empty while its handshake is under way,
     * which is not remembered.
     */
    static Optional<VerifiedPeer> of(Channel stream) {
        Channel connection = stream instanceof Http2StreamChannel ? stream.parent() : stream; // TLS is the connection's
        VerifiedPeer cached = connection.attr(KEY).get();
        if (cached == null) {
            SslHandler ssl = connection.pipeline().get(SslHandler.class);
            if (ssl != null && !ssl.handshakeFuture().isDone()) {
                return Optional.empty();
            }
            cached = ssl == null || !ssl.handshakeFuture().isSuccess() ? NONE : read(ssl.engine().getSession());
            connection.attr(KEY).set(cached);
        }
        return Optional.of(cached);
    }

    private static VerifiedPeer read(SSLSession session) {
        Certificate[] peer;
        try {
            peer = session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return NONE;
        }
        if (peer.length == 0 || !(peer[0] instanceof X509Certificate leaf)) {
            return NONE;
        }
        Optional<String> id = SpiffeIds.workloadId(leaf);
        if (id.isEmpty()) {
            return NONE;
        }
        StringBuilder details = new StringBuilder();
        Certificate[] local = session.getLocalCertificates();
        if (local != null && local.length > 0 && local[0] instanceof X509Certificate own) {
            SpiffeIds.workloadId(own).ifPresent(by -> details.append("By=").append(by).append(';'));
        }
        details.append("Hash=").append(sha256Hex(leaf)).append(";URI=").append(id.get());
        return new VerifiedPeer(id.get(), details.toString());
    }

    private static String sha256Hex(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot hash the peer certificate", e); // SHA-256 is in every JDK
        }
    }
}
