package io.banyan.sidecar.tls;

import io.netty.channel.Channel;

import java.util.Optional;

/**
 * Envoy's {@code x-forwarded-client-cert} (XFCC) as an inbound sidecar sets it for the app, the way Envoy's
 * {@code SANITIZE_SET} does: whatever a caller sent is dropped, and the value describes the verified mutual-TLS peer,
 * {@code By=<this sidecar's SPIFFE id>;Hash=<SHA-256 of the caller's DER certificate, lower-case hex>;URI=<caller's
 * SPIFFE id>}.
 */
public final class ForwardedClientCert {

    /** Set by the inbound sidecar on requests it forwards to the app; removed from anything arriving from outside. */
    public static final String HEADER = "x-forwarded-client-cert";

    private ForwardedClientCert() {
    }

    /** The XFCC value of {@code stream}'s verified peer; empty on plaintext or while the handshake is under way. */
    public static Optional<String> of(Channel stream) {
        return VerifiedPeer.of(stream).map(VerifiedPeer::clientCertDetails).filter(details -> !details.isEmpty());
    }
}
