package io.banyan.testkit.tls;

import io.banyan.certs.CertificateAuthority;
import io.banyan.certs.EcKeys;
import io.banyan.certs.SpiffeId;
import io.banyan.certs.Usage;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A workload's private key and the chain it presents (leaf first, then intermediates).
 *
 * @param id the SPIFFE id in the leaf
 */
public record Credential(SpiffeId id, PrivateKey key, List<X509Certificate> chain) {

    public Credential {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(key, "key");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("chain: [] (expected: the leaf, then its intermediates)");
        }
    }

    /** A fresh EC key and a certificate {@code ca} issues for {@code spiffe://<ca's trust domain>/svc/<service>}. */
    public static Credential issue(CertificateAuthority ca, String service, Duration ttl, Usage usage) {
        KeyPair keys = EcKeys.generate();
        SpiffeId id = new SpiffeId(ca.trustDomain(), service);
        X509Certificate leaf = ca.issue(keys.getPublic(), id, ttl, usage);
        return new Credential(id, keys.getPrivate(), ca.presentedChain(leaf));
    }

    public X509Certificate leaf() {
        return chain.get(0);
    }
}
