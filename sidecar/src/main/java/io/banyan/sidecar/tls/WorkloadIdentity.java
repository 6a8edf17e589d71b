package io.banyan.sidecar.tls;

import io.banyan.certs.SpiffeId;

import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What this sidecar is, at one moment: its SPIFFE id, its private key (generated here, never sent), the
 * certificate chain the CA signed (leaf first) and the trust bundle (one or more roots) peers are checked against.
 */
public record WorkloadIdentity(SpiffeId id, PrivateKey privateKey, List<X509Certificate> chain,
                               List<X509Certificate> trustBundle) {

    public WorkloadIdentity {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(privateKey, "privateKey");
        chain = List.copyOf(Objects.requireNonNull(chain, "chain"));
        trustBundle = List.copyOf(Objects.requireNonNull(trustBundle, "trustBundle"));
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("chain: empty (expected: the workload certificate, then intermediates)");
        }
        if (trustBundle.isEmpty()) {
            throw new IllegalArgumentException("trustBundle: empty (expected: at least one root certificate)");
        }
        if (!SpiffeIds.of(chain.get(0)).contains(id.toString())) {
            throw new IllegalArgumentException("chain: certificate identities " + SpiffeIds.of(chain.get(0))
                    + " (expected: " + id + ")");
        }
    }

    public X509Certificate certificate() {
        return chain.get(0);
    }

    public Instant notBefore() {
        return certificate().getNotBefore().toInstant();
    }

    public Instant notAfter() {
        return certificate().getNotAfter().toInstant();
    }

    public BigInteger serial() {
        return certificate().getSerialNumber();
    }

    @Override
    public String toString() {
        return "WorkloadIdentity[" + id + ", serial " + serial().toString(16) + ", notAfter " + notAfter() + "]";
    }
}
