package io.banyan.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class CertificateAuthorityTest {

    private static final Instant NOW = Instant.parse("2026-01-10T12:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final SpiffeId orders = new SpiffeId("mesh.local", "orders");

    @Test
    void rootIsASelfSignedCaThatCanSignCertificates() throws Exception {
        CertificateAuthority root = CertificateAuthority.createRoot("mesh.local", Duration.ofDays(10), clock);

        X509Certificate certificate = root.certificate();
        certificate.verify(certificate.getPublicKey());
        CertificateInfo info = CertificateInfo.of(certificate);
        assertThat(info.ca()).isTrue();
        assertThat(info.keyUsages()).containsExactlyInAnyOrder("keyCertSign", "cRLSign");
        assertThat(info.uris()).containsExactly("spiffe://mesh.local");
        assertThat(info.publicKeyAlgorithm()).isEqualTo("EC");
        assertThat(info.notAfter()).isEqualTo(NOW.plus(Duration.ofDays(10)));
        assertThat(root.trustDomain()).isEqualTo("mesh.local");
    }

    @Test
    void issuedChainValidatesWithPkixAgainstTheRoot() throws Exception {
        CertificateAuthority root = CertificateAuthority.createRoot("mesh.local", Duration.ofDays(10), clock);
        CertificateAuthority intermediate = root.createIntermediate(Duration.ofDays(5));
        X509Certificate leaf = intermediate.issue(EcKeys.generate().getPublic(), orders);

        validate(intermediate.presentedChain(leaf), root.root());
        assertThat(intermediate.presentedChain(leaf)).containsExactly(leaf, intermediate.certificate());
        assertThat(intermediate.root()).isEqualTo(root.certificate());
    }

    @Test
    void chainFromAnotherRootIsRejected() throws Exception {
        CertificateAuthority root = CertificateAuthority.createRoot("mesh.local", Duration.ofDays(10), clock);
        CertificateAuthority foreign = CertificateAuthority.createRoot("mesh.local", Duration.ofDays(10), clock);
        X509Certificate leaf = foreign.issue(EcKeys.generate().getPublic(), orders);

        assertThatThrownBy(() -> validate(List.of(leaf), root.root())).isInstanceOf(CertPathValidatorException.class);
    }

    @Test
    void workloadCertificateCarriesOnlyTheSpiffeIdAndTheAskedUsages() throws Exception {
        CertificateAuthority ca = CertificateAuthority.createRoot("mesh.local", Duration.ofDays(10), clock);
        X509Certificate server = ca.issue(EcKeys.generate().getPublic(), orders, Duration.ofMinutes(30), Usage.SERVER);
        X509Certificate client = ca.issue(EcKeys.generate().getPublic(), orders, Duration.ofMinutes(30), Usage.CLIENT);
        X509Certificate both = ca.issue(EcKeys.generate().getPublic(), orders);

        CertificateInfo info = CertificateInfo.of(server);
        assertThat(info.sans()).containsExactly("URI:spiffe://mesh.local/svc/orders");
        assertThat(info.keyUsages()).containsExactly("digitalSignature");
        assertThat(info.extendedKeyUsages()).containsExactly("serverAuth");
        assertThat(info.ca()).isFalse();
        assertThat(info.notAfter()).isEqualTo(NOW.plus(Duration.ofMinutes(30)));
        assertThat(CertificateInfo.of(client).extendedKeyUsages()).containsExactly("clientAuth");
        assertThat(CertificateInfo.of(both).extendedKeyUsages()).containsExactly("serverAuth", "clientAuth");
        assertThat(CertificateInfo.of(both).notAfter()).isEqualTo(NOW.plus(CertificateAuthority.DEFAULT_WORKLOAD_TTL));
        assertThat(server.getSerialNumber()).isNotEqualTo(client.getSerialNumber());
        assertThat(server.getExtensionValue("2.5.29.14")).as("subject key id").isNotNull();
        assertThat(server.getExtensionValue("2.5.29.35")).as("authority key id").isNotNull();
    }

    @Test
    void workloadLifetimeNeverOutlivesTheCa() {
        CertificateAuthority ca = CertificateAuthority.createRoot("mesh.local", Duration.ofHours(2), clock);
        X509Certificate leaf = ca.issue(EcKeys.generate().getPublic(), orders, Duration.ofDays(1), Usage.BOTH);
        assertThat(leaf.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofHours(2)));
    }

    @Test
    void issuesForAVerifiedCsr() throws Exception {
        CertificateAuthority ca = CertificateAuthority.createRoot("mesh.local", Duration.ofDays(1), clock);
        KeyPair keys = EcKeys.generate();
        byte[] csr = Csr.create(keys, orders);

        assertThat(Csr.parse(csr).requestedId()).contains(orders);
        X509Certificate leaf = ca.issue(csr, orders, Duration.ofHours(1), Usage.BOTH);
        assertThat(leaf.getPublicKey()).isEqualTo(keys.getPublic());
        validate(List.of(leaf), ca.root());
    }

    @Test
    void refusesACsrWithABadSignature() {
        CertificateAuthority ca = CertificateAuthority.createRoot("mesh.local", Duration.ofDays(1), clock);
        byte[] csr = Csr.create(EcKeys.generate(), orders);
        csr[csr.length - 5] ^= 0x01; // inside the signature BIT STRING

        assertThatThrownBy(() -> ca.issue(csr, orders, Duration.ofHours(1), Usage.BOTH))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("csr:");
    }

    @Test
    void refusesACsrSignedByAnotherKey() {
        CertificateAuthority ca = CertificateAuthority.createRoot("mesh.local", Duration.ofDays(1), clock);
        KeyPair keys = EcKeys.generate();
        KeyPair other = EcKeys.generate();
        byte[] csr = Csr.create(new KeyPair(keys.getPublic(), other.getPrivate()), orders);

        assertThatThrownBy(() -> ca.issue(csr, orders, Duration.ofHours(1), Usage.BOTH))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("signature does not verify");
    }

    @Test
    void refusesACsrAskingForAnotherIdentity() {
        CertificateAuthority ca = CertificateAuthority.createRoot("mesh.local", Duration.ofDays(1), clock);
        byte[] csr = Csr.create(EcKeys.generate(), new SpiffeId("mesh.local", "payments"));

        assertThatThrownBy(() -> ca.issue(csr, orders, Duration.ofHours(1), Usage.BOTH))
                .hasMessage("csr: requests 'spiffe://mesh.local/svc/payments' (expected: spiffe://mesh.local/svc/orders)");
    }

    @Test
    void refusesAnotherTrustDomain() {
        CertificateAuthority ca = CertificateAuthority.createRoot("mesh.local", Duration.ofDays(1), clock);
        assertThatThrownBy(() -> ca.issue(EcKeys.generate().getPublic(), new SpiffeId("other.org", "orders")))
                .hasMessageContaining("expected: trust domain mesh.local");
    }

    @Test
    void refusesNonP256Keys() throws Exception {
        CertificateAuthority ca = CertificateAuthority.createRoot("mesh.local", Duration.ofDays(1), clock);
        var rsa = java.security.KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        assertThatThrownBy(() -> ca.issue(rsa.generateKeyPair().getPublic(), orders))
                .hasMessage("public key: RSA (expected: EC P-256)");
    }

    private static void validate(List<X509Certificate> chain, X509Certificate root) throws Exception {
        CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(chain);
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        parameters.setRevocationEnabled(false);
        parameters.setDate(Date.from(NOW));
        CertPathValidator.getInstance("PKIX").validate(path, parameters);
    }
}
