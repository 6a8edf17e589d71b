package io.banyan.controlplane.ca;

import io.banyan.certs.CertificateAuthority;
import io.banyan.certs.Pem;
import io.banyan.certs.Usage;
import io.banyan.testkit.tls.Credential;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.ServerCredentials;
import io.grpc.TlsChannelCredentials;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** TLS for tests of the gRPC port: a server identity from a test CA, and sidecar-style clients. */
public final class TestTls {

    public static final String TRUST_DOMAIN = "mesh.local";

    private TestTls() {
    }

    /** A fresh root CA of {@link #TRUST_DOMAIN}. */
    public static CertificateAuthority newCa() {
        return CertificateAuthority.createRoot(TRUST_DOMAIN, Duration.ofDays(1), Clock.systemUTC());
    }

    /** Server credentials as the control plane builds them, with a serving certificate from {@code ca}. */
    public static ServerCredentials server(CertificateAuthority ca) {
        ServingCertificate serving = new ServingCertificate(ca, Duration.ofHours(1), Clock.systemUTC());
        TrustBundle bundle = new TrustBundle(ca.trustDomain(), List.of(ca.root()));
        return ServerTls.credentials(serving.keyManager(), new BundleTrustManager(bundle, Clock.systemUTC()));
    }

    /** A client that trusts {@code ca}'s root (no client certificate). */
    public static ChannelCredentials trusting(CertificateAuthority ca) {
        return TlsChannelCredentials.newBuilder()
                .trustManager(SidecarTrustManager.trusting(ca.trustDomain(), List.of(ca.root())))
                .build();
    }

    /** A sidecar of {@code service}: trusts {@code ca}'s root and presents a workload certificate it issued. */
    public static ChannelCredentials workload(CertificateAuthority ca, String service) {
        Credential credential = Credential.issue(ca, service, CertificateAuthority.DEFAULT_WORKLOAD_TTL, Usage.BOTH);
        return presenting(SidecarTrustManager.trusting(ca.trustDomain(), List.of(ca.root())), credential.chain(),
                credential.key());
    }

    /** Authenticates clients against {@code ca}'s root, as the control plane does against its bundle. */
    public static PeerAuthenticator peers(CertificateAuthority ca) {
        return new PeerAuthenticator(new TrustBundle(ca.trustDomain(), List.of(ca.root())), Clock.systemUTC());
    }

    /** A client that pins the root CA's fingerprint, as a sidecar holding only a join token does. */
    public static ChannelCredentials pinning(String trustDomain, String fingerprint) {
        return TlsChannelCredentials.newBuilder().trustManager(SidecarTrustManager.pinning(trustDomain, fingerprint)).build();
    }

    /** A client pinning {@code fingerprint} that presents {@code chain} (leaf first) with {@code key}. */
    public static ChannelCredentials withCertificate(String trustDomain, String fingerprint, List<X509Certificate> chain,
                                                     PrivateKey key) {
        return presenting(SidecarTrustManager.pinning(trustDomain, fingerprint), chain, key);
    }

    private static ChannelCredentials presenting(javax.net.ssl.TrustManager trust, List<X509Certificate> chain,
                                                 PrivateKey key) {
        try {
            return TlsChannelCredentials.newBuilder()
                    .trustManager(trust)
                    .keyManager(stream(Pem.writeCertificates(chain)), stream(Pem.writePrivateKey(key)))
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ManagedChannel channel(int port, ChannelCredentials credentials) {
        return Grpc.newChannelBuilderForAddress("127.0.0.1", port, credentials).build();
    }

    private static ByteArrayInputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
    }
}
