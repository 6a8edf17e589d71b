package io.banyan.e2e.support;

import io.banyan.certs.CaFiles;
import io.banyan.certs.CertificateAuthority;
import io.banyan.certs.Usage;
import io.banyan.testkit.tls.TestCa;

import javax.net.ssl.TrustManagerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Workload certificates made outside the control plane, for attacks on the mesh: with its real CA (loaded from its
 * CA directory) at a chosen time, usage and identity, or with a foreign CA.
 */
public final class TestCertificates {

    private TestCertificates() {
    }

    /** A key with the chain a TLS client presents (leaf first, then intermediates). */
    public record Credential(PrivateKey key, List<X509Certificate> chain) {

        public X509Certificate leaf() {
            return chain.get(0);
        }

        public TlsTestClient client() {
            return TlsTestClient.presenting(key, chain);
        }
    }

    /** The CA in {@code caDir} (as saved by CaFiles), signing as if the time were {@code at}. */
    public static CertificateAuthority loadCa(Path caDir, Instant at) {
        try {
            return CaFiles.load(caDir, Clock.fixed(at, ZoneOffset.UTC));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh key and a certificate for {@code spiffe://<ca's trust domain>/svc/<service>} valid from now-1m for {@code ttl}. */
    public static Credential issue(CertificateAuthority ca, String service, Duration ttl, Usage usage) {
        io.banyan.testkit.tls.Credential issued = io.banyan.testkit.tls.Credential.issue(ca, service, ttl, usage);
        return new Credential(issued.key(), issued.chain());
    }

    /** Trusts the root of {@code ca} only: a client of a gateway that terminates TLS with {@code ca}'s certificates. */
    public static TrustManagerFactory trusting(TestCa ca) throws GeneralSecurityException, IOException {
        KeyStore roots = KeyStore.getInstance(KeyStore.getDefaultType());
        roots.load(null, null);
        roots.setCertificateEntry("root", ca.root().root());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(roots);
        return trust;
    }
}
