package io.banyan.controlplane.ca;

import io.banyan.certs.Pem;

import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The roots a workload certificate may chain to: the CA's own root first, then any extra roots kept
 * while a root is being rotated. Validates certificate chains against them (PKIX, no revocation: the
 * certificates are short-lived).
 */
public final class TrustBundle {

    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    private final String trustDomain;
    private final List<X509Certificate> roots;
    private final Set<String> fingerprints;

    public TrustBundle(String trustDomain, List<X509Certificate> roots) {
        this.trustDomain = Objects.requireNonNull(trustDomain, "trustDomain");
        Map<String, X509Certificate> unique = new LinkedHashMap<>();
        roots.forEach(root -> unique.putIfAbsent(Fingerprint.sha256Hex(root), root));
        if (unique.isEmpty()) {
            throw new IllegalArgumentException("roots: empty (expected: at least the CA's root)");
        }
        this.roots = List.copyOf(unique.values());
        this.fingerprints = Set.copyOf(unique.keySet());
    }

    public String trustDomain() {
        return trustDomain;
    }

    /** The roots, the CA's own first. */
    public List<X509Certificate> roots() {
        return roots;
    }

    /** The SHA-256 fingerprints of {@link #roots()}, in the same order. */
    public List<String> fingerprints() {
        return roots.stream().map(Fingerprint::sha256Hex).toList();
    }

    /** The roots as concatenated PEM blocks. */
    public String pem() {
        return Pem.writeCertificates(roots);
    }

    /**
     * Checks that {@code chain} (leaf first, then intermediates; a root included is ignored) is valid at
     * {@code now} and chains to one of the roots; with {@code clientAuth}, that the leaf may be a TLS client.
     *
     * @return the leaf
     * @throws CertificateException naming what is wrong
     */
    public X509Certificate validate(List<X509Certificate> chain, Instant now, boolean clientAuth)
            throws CertificateException {
        if (chain == null || chain.isEmpty()) {
            throw new CertificateException("certificate chain: empty");
        }
        List<X509Certificate> path = new ArrayList<>();
        for (X509Certificate certificate : chain) {
            if (!fingerprints.contains(Fingerprint.sha256Hex(certificate))) {
                path.add(certificate);
            }
        }
        if (path.isEmpty()) {
            throw new CertificateException("certificate chain: only a trust anchor (expected: a workload certificate)");
        }
        X509Certificate leaf = path.get(0);
        try {
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            PKIXParameters parameters = new PKIXParameters(
                    roots.stream().map(root -> new TrustAnchor(root, null)).collect(Collectors.toSet()));
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(now));
            CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
        } catch (GeneralSecurityException e) {
            throw new CertificateException("certificate '" + leaf.getSubjectX500Principal().getName()
                    + "' does not chain to the trust bundle of " + trustDomain + " at " + now + ": " + e.getMessage(), e);
        }
        if (clientAuth) {
            List<String> usages = leaf.getExtendedKeyUsage();
            if (usages != null && !usages.contains(CLIENT_AUTH)) {
                throw new CertificateException("certificate '" + leaf.getSubjectX500Principal().getName()
                        + "': no clientAuth extended key usage");
            }
        }
        return leaf;
    }
}
