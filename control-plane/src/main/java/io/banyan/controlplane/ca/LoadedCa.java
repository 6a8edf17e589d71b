package io.banyan.controlplane.ca;

import io.banyan.certs.CaFiles;
import io.banyan.certs.CertificateAuthority;
import io.banyan.certs.Pem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The control plane's issuing CA and its trust bundle. By default the CA lives in {@code <dataDir>/ca}
 * (created as a self-signed EC P-256 root on first start, loaded afterwards); an operator may point
 * {@code --ca-dir} at one made by {@code banyan certs init-ca} instead (a root, or an intermediate under
 * an offline root, which then is the bundle's root). {@code --extra-trust-roots} adds roots to the bundle.
 *
 * @param authority the issuing CA
 * @param bundle    the roots workloads trust, the CA's own root first
 * @param created   whether this start created the CA
 */
public record LoadedCa(CertificateAuthority authority, TrustBundle bundle, boolean created) {

    private static final Logger log = LoggerFactory.getLogger(LoadedCa.class);
    /** The directory under the data directory that holds a CA the control plane made itself. */
    public static final String DEFAULT_SUBDIRECTORY = "ca";

    public LoadedCa {
        Objects.requireNonNull(authority, "authority");
        Objects.requireNonNull(bundle, "bundle");
    }

    /**
     * Loads (or on first start creates) the CA.
     *
     * @param dataDir          the control plane's data directory
     * @param caDir            a CA directory given by the operator, or null for {@code <dataDir>/ca}
     * @param extraTrustRoots  a PEM file of further roots for the bundle, or null
     * @param trustDomain      the SPIFFE trust domain the CA must belong to
     * @throws IllegalArgumentException naming the option that is wrong
     */
    public static LoadedCa open(Path dataDir, Path caDir, Path extraTrustRoots, String trustDomain, Clock clock)
            throws IOException {
        boolean created = false;
        CertificateAuthority authority;
        if (caDir != null) {
            try {
                authority = CaFiles.load(caDir, clock);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("ca-dir: " + e.getMessage(), e);
            }
        } else {
            Path dir = dataDir.resolve(DEFAULT_SUBDIRECTORY);
            if (Files.exists(dir.resolve(CaFiles.KEY))) {
                authority = CaFiles.load(dir, clock);
            } else {
                authority = CertificateAuthority.createRoot(trustDomain, CertificateAuthority.DEFAULT_CA_VALIDITY, clock);
                CaFiles.save(authority, dir);
                created = true;
                log.info("created a root CA for trust domain {} in {}", trustDomain, dir);
            }
        }
        if (!authority.trustDomain().equals(trustDomain)) {
            throw new IllegalArgumentException((caDir != null ? "ca-dir" : "trust-domain") + ": the CA is of trust domain '"
                    + authority.trustDomain() + "' (expected: '" + trustDomain + "', the --trust-domain)");
        }
        List<X509Certificate> roots = new ArrayList<>();
        roots.add(authority.root());
        if (extraTrustRoots != null) {
            roots.addAll(readRoots(extraTrustRoots));
        }
        return new LoadedCa(authority, new TrustBundle(trustDomain, roots), created);
    }

    /** The SHA-256 of the CA's root, the one a join token pins. */
    public String rootFingerprint() {
        return Fingerprint.sha256Hex(authority.root());
    }

    private static List<X509Certificate> readRoots(Path file) throws IOException {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("extra-trust-roots: " + file + " not readable (expected: a PEM file of CA certificates)");
        }
        List<X509Certificate> roots;
        try {
            roots = Pem.readCertificates(Files.readString(file));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("extra-trust-roots: " + file + ": " + e.getMessage(), e);
        }
        for (X509Certificate root : roots) {
            if (root.getBasicConstraints() < 0) {
                throw new IllegalArgumentException("extra-trust-roots: '" + root.getSubjectX500Principal().getName()
                        + "' is not a CA certificate (expected: CA certificates only)");
            }
        }
        return roots;
    }
}
