package io.banyan.controlplane.ca;

import io.banyan.certs.CertificateInfo;
import io.banyan.certs.SpiffeId;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * Who a TLS client is, from its certificate chain: valid now, chained to the trust bundle, usable as a
 * client, with a {@code spiffe://<trust-domain>/svc/<service>} URI SAN of our trust domain. The TLS layer
 * checks the chain already; this checks again at call time (a long-lived connection outlives certificates).
 */
public final class PeerAuthenticator {

    /** A client certificate that does not prove an identity. */
    public static final class RejectedException extends Exception {

        RejectedException(String message) {
            super(message);
        }
    }

    private final TrustBundle bundle;
    private final Clock clock;

    public PeerAuthenticator(TrustBundle bundle, Clock clock) {
        this.bundle = Objects.requireNonNull(bundle, "bundle");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The trust domain whose identities this accepts. */
    public String trustDomain() {
        return bundle.trustDomain();
    }

    /** The SPIFFE id the chain proves. */
    public SpiffeId authenticate(List<X509Certificate> chain) throws RejectedException {
        X509Certificate leaf;
        try {
            leaf = bundle.validate(chain, clock.instant(), true);
        } catch (CertificateException e) {
            throw new RejectedException("client certificate: " + e.getMessage());
        }
        List<String> uris = CertificateInfo.of(leaf).uris().stream().filter(uri -> uri.startsWith("spiffe://")).toList();
        if (uris.size() != 1) {
            throw new RejectedException("client certificate: " + uris.size()
                    + " SPIFFE ids (expected: exactly one spiffe://" + bundle.trustDomain() + "/svc/<service>)");
        }
        SpiffeId id;
        try {
            id = SpiffeId.parse(uris.get(0));
        } catch (IllegalArgumentException e) {
            throw new RejectedException("client certificate: " + e.getMessage());
        }
        if (!id.trustDomain().equals(bundle.trustDomain())) {
            throw new RejectedException("client certificate: '" + id + "' (expected: trust domain " + bundle.trustDomain() + ")");
        }
        return id;
    }
}
