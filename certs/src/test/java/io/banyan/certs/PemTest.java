package io.banyan.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemTest {

    private final CertificateAuthority ca = CertificateAuthority.createRoot("mesh.local", Duration.ofDays(1),
            Clock.systemUTC());

    @Test
    void certificateChainRoundTrips() {
        CertificateAuthority intermediate = ca.createIntermediate(Duration.ofHours(12));
        X509Certificate leaf = intermediate.issue(EcKeys.generate().getPublic(), new SpiffeId("mesh.local", "web"));

        String pem = Pem.writeCertificates(intermediate.presentedChain(leaf));

        assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("-----END CERTIFICATE-----\n");
        assertThat(Pem.readCertificates(pem)).containsExactly(leaf, intermediate.certificate());
        assertThat(Pem.readCertificate(pem)).isEqualTo(leaf);
    }

    @Test
    void privateKeyRoundTripsAsPkcs8() throws Exception {
        KeyPair keys = EcKeys.generate();
        String pem = Pem.writePrivateKey(keys.getPrivate());

        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n");
        var key = Pem.readPrivateKey(pem);
        assertThat(key.getEncoded()).isEqualTo(keys.getPrivate().getEncoded());
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(key);
        signer.update(new byte[] {1, 2, 3});
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(keys.getPublic());
        verifier.update(new byte[] {1, 2, 3});
        assertThat(verifier.verify(signature)).isTrue();
    }

    @Test
    void csrRoundTrips() {
        SpiffeId id = new SpiffeId("mesh.local", "orders");
        byte[] der = Csr.create(EcKeys.generate(), id);
        String pem = Pem.writeCsr(der);

        assertThat(pem).startsWith("-----BEGIN CERTIFICATE REQUEST-----\n");
        assertThat(Pem.readCsr(pem)).isEqualTo(der);
    }

    @Test
    void wrongBlockTypeIsAClearError() {
        String certificate = Pem.writeCertificate(ca.certificate());
        assertThatThrownBy(() -> Pem.readPrivateKey(certificate))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected: an unencrypted PRIVATE KEY block");
        assertThatThrownBy(() -> Pem.readCertificates("nothing here"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("pem:");
    }

    @Test
    void caDirectoryRoundTrips(@TempDir Path dir) throws Exception {
        CertificateAuthority intermediate = ca.createIntermediate(Duration.ofHours(12));
        CaFiles.save(intermediate, dir);

        CertificateAuthority loaded = CaFiles.load(dir, Clock.systemUTC());

        assertThat(loaded.chain()).containsExactlyElementsOf(intermediate.chain());
        assertThat(loaded.trustDomain()).isEqualTo("mesh.local");
        assertThat(loaded.privateKey().getEncoded()).isEqualTo(intermediate.privateKey().getEncoded());
        assertThat(java.nio.file.Files.getPosixFilePermissions(dir.resolve(CaFiles.KEY)))
                .hasSize(2);
    }
}
