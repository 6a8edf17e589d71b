package io.banyan.testkit.tls;

import io.banyan.certs.CertificateAuthority;
import io.banyan.certs.EcKeys;
import io.banyan.certs.Usage;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * A test CA (root and intermediate) of one trust domain, and mutual-TLS material from it in one line: a workload
 * {@link Credential} for a service (good, expired, not yet valid, of a chosen usage), a web server's
 * {@link ServerCredential} by DNS names, or Netty server and client
 * {@link SslContext}s that present one and trust only this CA's root.
 */
public final class TestCa {

    public static final String TRUST_DOMAIN = "mesh.local";
    /** How long a credential from {@link #issue(String)} is valid. */
    public static final Duration DEFAULT_TTL = Duration.ofHours(1);

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

    public String trustDomain() {
        return root.trustDomain();
    }

    /** The roots a workload of this CA trusts. */
    public List<X509Certificate> bundle() {
        return List.of(root.root());
    }

    /** A valid credential for {@code service}: leaf and intermediate, usage both, valid for {@link #DEFAULT_TTL}. */
    public Credential issue(String service) {
        return issue(service, Usage.BOTH, Duration.ZERO, DEFAULT_TTL);
    }

    /** Issued as if the clock were shifted by {@code shift} (negative: expired; positive: not yet valid). */
    public Credential issue(String service, Usage usage, Duration shift, Duration ttl) {
        Clock shifted = Clock.fixed(Instant.now().plus(shift), ZoneOffset.UTC);
        CertificateAuthority issuer = CertificateAuthority.of(intermediate.chain(), intermediate.privateKey(), shifted);
        return Credential.issue(issuer, service, ttl, usage);
    }

    /** A web server certificate naming {@code dnsNames} (exact or {@code *.suffix}), valid for {@link #DEFAULT_TTL}. */
    public ServerCredential issueServer(String... dnsNames) {
        KeyPair keys = EcKeys.generate();
        X509Certificate leaf = intermediate.issueServer(keys.getPublic(), List.of(dnsNames), DEFAULT_TTL);
        return new ServerCredential(keys.getPrivate(), intermediate.presentedChain(leaf));
    }

    /** A server context presenting a credential of {@code service} that requires a client certificate of this CA. */
    public SslContext serverContext(String service) {
        Credential credential = issue(service);
        try {
            return SslContextBuilder.forServer(credential.key(), credential.chain())
                    .trustManager(bundle())
                    .clientAuth(ClientAuth.REQUIRE)
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("server context for " + service, e);
        }
    }

    /** A client context presenting a credential of {@code service} that trusts only this CA's root. */
    public SslContext clientContext(String service) {
        Credential credential = issue(service);
        try {
            return SslContextBuilder.forClient()
                    .keyManager(credential.key(), credential.chain())
                    .trustManager(bundle())
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("client context for " + service, e);
        }
    }
}
