package io.banyan.controlplane.ca;

import io.banyan.certs.CertificateAuthority;
import io.banyan.certs.EcKeys;
import io.banyan.certs.SpiffeId;
import io.banyan.certs.Usage;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The trust bundle, the TLS client check over it, the peer authenticator and the serving certificate's renewal. */
class TrustTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final CertificateAuthority ca = CertificateAuthority.createRoot("mesh.local", Duration.ofDays(30), clock);
    private final TrustBundle bundle = new TrustBundle("mesh.local", List.of(ca.root(), ca.root()));
    private final KeyPair keys = EcKeys.generate();

    @Test
    void acceptsAValidClientCertificateAndNamesItsService() throws Exception {
        X509Certificate leaf = ca.issue(keys.getPublic(), new SpiffeId("mesh.local", "orders"));
        assertThat(bundle.roots()).hasSize(1);
        new BundleTrustManager(bundle, clock).checkClientTrusted(new X509Certificate[] {leaf, ca.root()}, "EC");
        assertThat(new PeerAuthenticator(bundle, clock).authenticate(List.of(leaf)).service()).isEqualTo("orders");
    }

    @Test
    void refusesForeignExpiredAndServerOnlyCertificates() {
        CertificateAuthority foreign = CertificateAuthority.createRoot("mesh.local", Duration.ofDays(30), clock);
        X509Certificate foreignLeaf = foreign.issue(keys.getPublic(), new SpiffeId("mesh.local", "orders"));
        X509Certificate expiring = ca.issue(keys.getPublic(), new SpiffeId("mesh.local", "orders"), Duration.ofMinutes(1), Usage.BOTH);
        X509Certificate serverOnly = ca.issue(keys.getPublic(), new SpiffeId("mesh.local", "orders"), Duration.ofMinutes(5), Usage.SERVER);
        BundleTrustManager trust = new BundleTrustManager(bundle, clock);
        assertThatThrownBy(() -> trust.checkClientTrusted(new X509Certificate[] {foreignLeaf}, "EC"))
                .isInstanceOf(CertificateException.class).hasMessageContaining("does not chain to the trust bundle");
        assertThatThrownBy(() -> new BundleTrustManager(bundle, Clock.offset(clock, Duration.ofMinutes(2)))
                .checkClientTrusted(new X509Certificate[] {expiring}, "EC"))
                .isInstanceOf(CertificateException.class).hasMessageContaining("does not chain");
        assertThatThrownBy(() -> trust.checkClientTrusted(new X509Certificate[] {serverOnly}, "EC"))
                .hasMessageContaining("no clientAuth");
        assertThatThrownBy(() -> trust.checkClientTrusted(new X509Certificate[] {ca.root()}, "EC"))
                .hasMessageContaining("only a trust anchor");
        assertThatThrownBy(() -> new PeerAuthenticator(bundle, clock).authenticate(List.of(foreignLeaf)))
                .isInstanceOf(PeerAuthenticator.RejectedException.class).hasMessageStartingWith("client certificate: ");
    }

    @Test
    void renewalGivesNewHandshakesANewKeyUnderANewAlias() throws Exception {
        ServingCertificate serving = new ServingCertificate(ca, Duration.ofHours(1), clock);
        ReloadableKeyManager keyManager = serving.keyManager();
        String alias = keyManager.chooseEngineServerAlias("EC", null, null);
        X509Certificate first = serving.current();
        assertThat(first.getSubjectAlternativeNames()).isNotNull();
        assertThat(keyManager.getCertificateChain(alias)).hasSize(2);

        X509Certificate second = serving.renew();
        String newAlias = keyManager.chooseEngineServerAlias("EC", null, null);
        assertThat(newAlias).isNotEqualTo(alias);
        assertThat(keyManager.getCertificateChain(newAlias)[0]).isEqualTo(second).isNotEqualTo(first);
        assertThat(keyManager.getPrivateKey(alias)).isNull();
        assertThat(io.banyan.certs.CertificateInfo.of(second).uris()).containsExactly("spiffe://mesh.local/svc/banyan-control-plane");
        assertThat(io.banyan.certs.CertificateInfo.of(second).extendedKeyUsages()).containsExactly("serverAuth");
        serving.close();
    }
}
