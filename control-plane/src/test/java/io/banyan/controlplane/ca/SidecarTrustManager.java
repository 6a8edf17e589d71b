package io.banyan.controlplane.ca;

import io.banyan.certs.ChainTrustManager;
import io.banyan.certs.CertificateInfo;

import javax.net.ssl.X509ExtendedTrustManager;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * How a sidecar trusts the control plane (the model for the sidecar's own implementation): the server's
 * chain must chain to a trusted root - either a root given by the trust bundle, or, when bootstrapping
 * from a join token only, the certificate in the presented chain whose SHA-256 is the token's fingerprint
 * (the control plane presents its chain up to the root). The leaf must be
 * {@code spiffe://<td>/svc/banyan-control-plane}; no host name check (SPIFFE certificates have no DNS names).
 * It is an X509ExtendedTrustManager so the JDK does not add its own host name check.
 */
public final class SidecarTrustManager extends ChainTrustManager {

    private final String trustDomain;
    private final List<X509Certificate> roots;
    private final Set<String> pinnedFingerprints;
    private final Clock clock;

    private SidecarTrustManager(String trustDomain, List<X509Certificate> roots, Set<String> pins, Clock clock) {
        this.trustDomain = trustDomain;
        this.roots = List.copyOf(roots);
        this.pinnedFingerprints = Set.copyOf(pins);
        this.clock = clock;
    }

    /** Trusts the root whose SHA-256 (hex) is {@code fingerprint}, taken from the presented chain. */
    public static SidecarTrustManager pinning(String trustDomain, String fingerprint) {
        return new SidecarTrustManager(trustDomain, List.of(), Set.of(fingerprint), Clock.systemUTC());
    }

    /** Trusts the roots of a trust bundle. */
    public static SidecarTrustManager trusting(String trustDomain, List<X509Certificate> roots) {
        return new SidecarTrustManager(trustDomain, roots, Set.of(), Clock.systemUTC());
    }

    @Override
    protected void checkServer(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("control plane presented no certificate");
        }
        List<X509Certificate> anchors = new java.util.ArrayList<>(roots);
        for (X509Certificate certificate : chain) {
            if (pinnedFingerprints.contains(Fingerprint.sha256Hex(certificate))) {
                anchors.add(certificate);
            }
        }
        if (anchors.isEmpty()) {
            throw new CertificateException("control plane's chain holds no certificate with the pinned CA fingerprint");
        }
        X509Certificate leaf = new TrustBundle(trustDomain, anchors).validate(Arrays.asList(chain), clock.instant(), false);
        String expected = ServingCertificate.id(trustDomain).toString();
        if (!CertificateInfo.of(leaf).uris().contains(expected)) {
            throw new CertificateException("control plane certificate is not " + expected);
        }
    }

    @Override
    protected void checkClient(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("client side only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return roots.toArray(X509Certificate[]::new);
    }
}
