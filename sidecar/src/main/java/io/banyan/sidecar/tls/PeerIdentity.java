package io.banyan.sidecar.tls;

import io.netty.channel.Channel;

import java.util.Optional;

/**
 * The caller's SPIFFE id on an inbound mutual-TLS connection, read once from the handshake's peer certificate
 * and kept on the connection ({@link VerifiedPeer}); and the request header it is handed to the app in.
 */
public final class PeerIdentity {

    /** Set by the sidecar on requests it forwards to the app; removed from anything arriving from outside. */
    public static final String HEADER = "x-banyan-peer-identity";

    private PeerIdentity() {
    }

    /**
     * The peer's {@code spiffe://...} id when {@code stream} is TLS with a verified peer certificate; for an HTTP/2
     * stream channel, that of its connection.
     */
    public static Optional<String> of(Channel stream) {
        return VerifiedPeer.of(stream).map(VerifiedPeer::id).filter(id -> !id.isEmpty());
    }
}
