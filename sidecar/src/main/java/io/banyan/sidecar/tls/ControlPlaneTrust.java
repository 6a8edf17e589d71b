package io.banyan.sidecar.tls;

import io.banyan.certs.ChainTrustManager;
import io.banyan.certs.SpiffeId;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Trusts the control plane's TLS certificate iff its presented chain validates (PKIX) to a certificate whose
 * SHA-256 is the join token's pinned CA fingerprint (the chain ends at or below that root), or - once known - to a
 * root of the trust bundle; and its certificate is {@code spiffe://<trust-domain>/svc/banyan-control-plane} (no
 * host names). The control plane is TLS-only: nothing else is accepted.
 */
public final class ControlPlaneTrust extends ChainTrustManager {

    public static final String CONTROL_PLANE_SERVICE = "banyan-control-plane";

    private final String pinnedSha256;
    private final String expectedId;
    private final Supplier<List<X509Certificate>> bundle;
    private final Clock clock;

    /**
     * @param pinnedSha256 lower-case hex SHA-256 of the root CA's DER (the join token's third part)
     * @param trustDomain  the mesh's trust domain
     * @param bundle       the trust bundle known now (empty before the first certificate)
     */
    public ControlPlaneTrust(String pinnedSha256, String trustDomain, Supplier<List<X509Certificate>> bundle, Clock clock) {
        Objects.requireNonNull(pinnedSha256, "pinnedSha256");
        if (!pinnedSha256.toLowerCase(Locale.ROOT).matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("ca fingerprint: '" + pinnedSha256 + "' (expected: 64 hex digits)");
        }
        this.pinnedSha256 = pinnedSha256.toLowerCase(Locale.ROOT);
        this.expectedId = new SpiffeId(trustDomain, CONTROL_PLANE_SERVICE).toString();
        this.bundle = Objects.requireNonNull(bundle, "bundle");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Lower-case hex SHA-256 of a certificate's DER, as pinned in join tokens. */
    public static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot fingerprint certificate", e);
        }
    }

    @Override
    protected void checkServer(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("control plane presented no certificate");
        }
        Set<TrustAnchor> anchors = new HashSet<>();
        Set<X509Certificate> anchorCertificates = new HashSet<>();
        for (X509Certificate root : bundle.get()) {
            anchors.add(new TrustAnchor(root, null));
            anchorCertificates.add(root);
        }
        for (X509Certificate presented : chain) {
            if (fingerprint(presented).equals(pinnedSha256)) {
                anchors.add(new TrustAnchor(presented, null));
                anchorCertificates.add(presented);
            }
        }
        if (anchors.isEmpty()) {
            throw new CertificateException("control plane: no certificate of its chain has the pinned CA fingerprint "
                    + pinnedSha256 + " and no trust bundle is known yet (expected: the chain up to the pinned root)");
        }
        List<X509Certificate> path = new ArrayList<>();
        for (X509Certificate presented : chain) {
            if (anchorCertificates.contains(presented)) {
                break;
            }
            path.add(presented);
        }
        if (path.isEmpty()) {
            throw new CertificateException("control plane: presents a CA certificate as its own (expected: a leaf)");
        }
        try {
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(clock.instant()));
            CertPathValidator.getInstance("PKIX").validate(
                    CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
        } catch (GeneralSecurityException e) {
            throw new CertificateException("control plane: certificate chain does not validate to the pinned CA "
                    + "or the trust bundle: " + e.getMessage(), e);
        }
        X509Certificate leaf = chain[0];
        List<String> usages = leaf.getExtendedKeyUsage();
        if (usages != null && !usages.contains("1.3.6.1.5.5.7.3.1")) {
            throw new CertificateException("control plane: certificate without serverAuth extended key usage");
        }
        if (!SpiffeIds.of(leaf).contains(expectedId)) {
            throw new PeerIdentityMismatchException("control plane: certificate identities " + SpiffeIds.of(leaf)
                    + " (expected: " + expectedId + ")");
        }
    }

    @Override
    protected void checkClient(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("control-plane trust: verifies servers only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return bundle.get().toArray(X509Certificate[]::new);
    }
}
