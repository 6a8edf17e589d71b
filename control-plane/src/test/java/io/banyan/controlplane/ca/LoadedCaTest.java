package io.banyan.controlplane.ca;

import io.banyan.certs.CaFiles;
import io.banyan.certs.CertificateAuthority;
import io.banyan.certs.Pem;
import io.banyan.controlplane.ControlPlaneSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoadedCaTest {

    private final Clock clock = Clock.systemUTC();

    @TempDir
    Path dataDir;

    @Test
    void createsARootOnFirstStartAndLoadsTheSameOneAfterwards() throws Exception {
        LoadedCa first = LoadedCa.open(dataDir, null, null, "mesh.local", clock);
        assertThat(first.created()).isTrue();
        assertThat(first.authority().trustDomain()).isEqualTo("mesh.local");
        assertThat(first.bundle().fingerprints()).containsExactly(first.rootFingerprint());
        Path key = dataDir.resolve("ca").resolve(CaFiles.KEY);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");

        LoadedCa again = LoadedCa.open(dataDir, null, null, "mesh.local", clock);
        assertThat(again.created()).isFalse();
        assertThat(again.rootFingerprint()).isEqualTo(first.rootFingerprint()).matches("[0-9a-f]{64}");
    }

    @Test
    void refusesACaOfAnotherTrustDomain() throws Exception {
        LoadedCa.open(dataDir, null, null, "mesh.local", clock);
        assertThatThrownBy(() -> LoadedCa.open(dataDir, null, null, "other.domain", clock))
                .hasMessage("trust-domain: the CA is of trust domain 'mesh.local' (expected: 'other.domain', the --trust-domain)");
    }

    @Test
    void anIntermediateUnderAnOfflineRootPresentsItsChainAndTrustsTheRoot(@TempDir Path caDir) throws Exception {
        CertificateAuthority offline = CertificateAuthority.createRoot("mesh.local", Duration.ofDays(30), clock);
        CertificateAuthority intermediate = offline.createIntermediate(Duration.ofDays(7));
        CaFiles.save(intermediate, caDir);

        LoadedCa ca = LoadedCa.open(dataDir, caDir, null, "mesh.local", clock);
        assertThat(ca.created()).isFalse();
        assertThat(Files.exists(dataDir.resolve("ca"))).isFalse();
        assertThat(ca.bundle().roots()).containsExactly(offline.root());
        assertThat(ca.rootFingerprint()).isEqualTo(Fingerprint.sha256Hex(offline.root()));

        ServingCertificate serving = new ServingCertificate(ca.authority(), Duration.ofHours(1), clock);
        assertThat(serving.keyManager().current().chain()).hasSize(3)
                .endsWith(intermediate.certificate(), offline.root());
        ca.bundle().validate(serving.keyManager().current().chain(), clock.instant(), false);
    }

    @Test
    void extraTrustRootsJoinTheBundle(@TempDir Path files) throws Exception {
        CertificateAuthority next = CertificateAuthority.createRoot("mesh.local", Duration.ofDays(30), clock);
        Path extra = Files.writeString(files.resolve("extra.pem"), Pem.writeCertificate(next.root()));
        LoadedCa ca = LoadedCa.open(dataDir, null, extra, "mesh.local", clock);
        assertThat(ca.bundle().roots()).containsExactly(ca.authority().root(), next.root());
        assertThat(Pem.readCertificates(ca.bundle().pem())).hasSize(2);

        assertThatThrownBy(() -> LoadedCa.open(dataDir, null, files.resolve("missing.pem"), "mesh.local", clock))
                .hasMessageStartingWith("extra-trust-roots: ");
        assertThatThrownBy(() -> LoadedCa.open(dataDir, files, null, "mesh.local", clock))
                .hasMessageStartingWith("ca-dir: ");
    }

    @Test
    void certTtlIsValidatedNamingTheField() {
        ControlPlaneSettings defaults = ControlPlaneSettings.builder(dataDir).build();
        assertThat(defaults.certTtl()).isEqualTo(Duration.ofHours(1));
        assertThat(defaults.caDir()).isNull();
        assertThat(ControlPlaneSettings.builder(dataDir).certTtl(Duration.ofMinutes(1)).build().certTtl())
                .isEqualTo(Duration.ofMinutes(1));
        assertThatThrownBy(() -> ControlPlaneSettings.builder(dataDir).certTtl(Duration.ofSeconds(29)).build())
                .hasMessage("cert-ttl: PT29S (expected: 30s..24h)");
        assertThatThrownBy(() -> ControlPlaneSettings.builder(dataDir).certTtl(Duration.ofHours(25)).build())
                .hasMessage("cert-ttl: PT25H (expected: 30s..24h)");
    }
}
