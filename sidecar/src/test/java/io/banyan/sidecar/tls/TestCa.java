package io.banyan.sidecar.tls;

import io.banyan.certs.CertificateAuthority;
import io.banyan.certs.EcKeys;
import io.banyan.certs.SpiffeId;
import io.banyan.certs.Usage;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** A test CA of trust domain mesh.local (root and intermediate) issuing workload identities, good and bad. */
public final class TestCa {

    public static final String TRUST_DOMAIN = "mesh.local";

    private final CertificateAuthority root;
    private final CertificateAuthority intermediate;

    public TestCa() {
        this(TRUST_DOMAIN);
    }

    public TestCa(String trustDomain) {
        this.root = CertificateAuthority.createRoot(trustDomain, Duration.ofDays(30), Clock.systemUTC());
        this.intermediate = root.createIntermediate(Duration.ofDays(10));
    }

    public CertificateAuthority root() {
        return root;
    }

    public CertificateAuthority intermediate() {
        return intermediate;
    }

    public List<X509Certificate> bundle() {
        return List.of(root.root());
    }

    /** A valid identity for {@code service}, chain leaf + intermediate, usage both. */
    public WorkloadIdentity identity(String service) {
        return identity(service, Usage.BOTH, Duration.ZERO, Duration.ofHours(1));
    }

    /** Issued as if the clock were shifted by {@code shift} (negative: expired; positive: not yet valid). */
    public WorkloadIdentity identity(String service, Usage usage, Duration shift, Duration ttl) {
        return identity(service, usage, shift, ttl, bundle());
    }

    public WorkloadIdentity identity(String service, Usage usage, Duration shift, Duration ttl,
                                     List<X509Certificate> trustBundle) {
        Clock shifted = Clock.fixed(Instant.now().plus(shift), ZoneOffset.UTC);
        CertificateAuthority issuer = CertificateAuthority.of(intermediate.chain(), intermediate.privateKey(), shifted);
        KeyPair keys = EcKeys.generate();
        SpiffeId id = new SpiffeId(root.trustDomain(), service);
        X509Certificate leaf = issuer.issue(keys.getPublic(), id, ttl, usage);
        return new WorkloadIdentity(id, keys.getPrivate(), intermediate.presentedChain(leaf), trustBundle);
    }
}
