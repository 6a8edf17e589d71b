package io.banyan.sidecar.tls;

import io.banyan.certs.CertificateAuthority;
import io.banyan.certs.Usage;
import io.banyan.testkit.tls.Credential;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

/**
 * The testkit's test CA (trust domain mesh.local, root and intermediate) issuing workload identities, good and bad,
 * as the sidecar's {@link WorkloadIdentity}.
 */
public final class TestCa {

    public static final String TRUST_DOMAIN = io.banyan.testkit.tls.TestCa.TRUST_DOMAIN;

    private final io.banyan.testkit.tls.TestCa ca;

    public TestCa() {
        this(TRUST_DOMAIN);
    }

    public TestCa(String trustDomain) {
        this.ca = new io.banyan.testkit.tls.TestCa(trustDomain);
    }

    public CertificateAuthority root() {
        return ca.root();
    }

    public CertificateAuthority intermediate() {
        return ca.intermediate();
    }

    public List<X509Certificate> bundle() {
        return ca.bundle();
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
        Credential credential = ca.issue(service, usage, shift, ttl);
        return new WorkloadIdentity(credential.id(), credential.key(), credential.chain(), trustBundle);
    }
}
