package io.banyan.sidecar.datadir;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DataDirTest {

    private static final String FINGERPRINT = "ab".repeat(32);
    private static final Manifest WEB = Manifest.of("web", "mesh.local", FINGERPRINT);
    private static final String LISTENER = "type.googleapis.com/envoy.config.listener.v3.Listener";
    private static final Instant ACKED = Instant.parse("2026-12-07T20:00:00Z");

    @TempDir
    Path temp;

    @Test
    void savedResourcesAndIdentityReadBackAsWritten() throws IOException {
        Path dir = temp.resolve("web");
        SavedResources listeners = new SavedResources(LISTENER, "v7", ACKED, List.of(
                new SavedResources.Resource("outbound|9001", "h1", new byte[] {1, 2, 3}),
                new SavedResources.Resource("inbound|15006", "h2", new byte[] {4})));
        try (DataDir dataDir = DataDir.open(dir, WEB)) {
            dataDir.saveResources(LISTENER, () -> listeners);
            dataDir.saveIdentity(new SavedIdentity("KEY", "CHAIN", "BUNDLE"));
        }

        try (DataDir reopened = DataDir.open(dir, WEB)) {
            Map<String, SavedResources> saved = reopened.resources();
            assertThat(saved).containsOnlyKeys(LISTENER);
            SavedResources read = saved.get(LISTENER);
            assertThat(read.version()).isEqualTo("v7");
            assertThat(read.savedAt()).isEqualTo(ACKED);
            assertThat(read.resources()).extracting(SavedResources.Resource::name)
                    .containsExactly("outbound|9001", "inbound|15006");
            assertThat(read.resources().get(0).body()).containsExactly(1, 2, 3);
            assertThat(reopened.identity()).contains(new SavedIdentity("KEY", "CHAIN", "BUNDLE"));
        }
        assertThat(dir.resolve("xds-listener.json")).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        try (var files = Files.list(dir)) {
            files.forEach(file -> assertThat(permissions(file)).as("%s", file).isEqualTo("rw-------"));
        }
    }

    @Test
    void aCorruptResourceFileIsLeftOutAndTheOthersRead() throws IOException {
        Path dir = temp.resolve("web");
        try (DataDir dataDir = DataDir.open(dir, WEB)) {
            dataDir.saveResources(LISTENER, () -> new SavedResources(LISTENER, "v1", ACKED, List.of()));
            String cluster = "type.googleapis.com/envoy.config.cluster.v3.Cluster";
            dataDir.saveResources(cluster, () -> new SavedResources(cluster, "v2", ACKED, List.of()));
        }
        Files.writeString(dir.resolve("xds-listener.json"), "{\"format\":1,\"typeUrl\":", StandardCharsets.UTF_8);

        try (DataDir reopened = DataDir.open(dir, WEB)) {
            assertThat(reopened.resources()).containsOnlyKeys("type.googleapis.com/envoy.config.cluster.v3.Cluster");
        }
    }

    @Test
    void aFileNamedForAnotherTypeIsLeftOut() throws IOException {
        Path dir = temp.resolve("web");
        try (DataDir dataDir = DataDir.open(dir, WEB)) {
            dataDir.saveResources(LISTENER, () -> new SavedResources(LISTENER, "v1", ACKED, List.of()));
        }
        Files.move(dir.resolve("xds-listener.json"), dir.resolve("xds-cluster.json"));

        try (DataDir reopened = DataDir.open(dir, WEB)) {
            assertThat(reopened.resources()).isEmpty();
        }
    }

    @Test
    void aForeignDataDirIsEmptiedAndBecomesOurs() throws IOException {
        Path dir = temp.resolve("shared");
        try (DataDir billing = DataDir.open(dir, Manifest.of("billing", "mesh.local", FINGERPRINT))) {
            billing.saveResources(LISTENER, () -> new SavedResources(LISTENER, "v1", ACKED, List.of()));
            billing.saveIdentity(new SavedIdentity("KEY", "CHAIN", "BUNDLE"));
        }

        try (DataDir web = DataDir.open(dir, WEB)) {
            assertThat(web.resources()).isEmpty();
            assertThat(web.identity()).isEmpty();
        }
        assertThat(Files.readString(dir.resolve(DataDir.MANIFEST))).contains("\"service\":\"web\"");
    }

    @Test
    void whatWasSavedWithoutAManifestIsNotTrusted() throws IOException {
        Path dir = temp.resolve("web");
        try (DataDir dataDir = DataDir.open(dir, WEB)) {
            dataDir.saveIdentity(new SavedIdentity("KEY", "CHAIN", "BUNDLE"));
        }
        Files.delete(dir.resolve(DataDir.MANIFEST));

        try (DataDir reopened = DataDir.open(dir, WEB)) {
            assertThat(reopened.identity()).isEmpty();
        }
    }

    @Test
    void aDataDirOthersMayEnterIsMadePrivate() throws IOException {
        Path dir = Files.createDirectory(temp.resolve("shared"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));

        try (DataDir ignored = DataDir.open(dir, WEB)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        }
    }

    @Test
    void aSavedFileOthersMayReadOrWriteOrALinkIsNotTrusted() throws IOException {
        Path dir = temp.resolve("web");
        try (DataDir dataDir = DataDir.open(dir, WEB)) {
            dataDir.saveIdentity(new SavedIdentity("KEY", "CHAIN", "BUNDLE"));
        }
        Files.setPosixFilePermissions(dir.resolve(DataDir.CHAIN), PosixFilePermissions.fromString("rw-rw-rw-"));
        try (DataDir reopened = DataDir.open(dir, WEB)) {
            assertThat(reopened.identity()).as("a chain anyone could have written").isEmpty();
        }

        Files.setPosixFilePermissions(dir.resolve(DataDir.CHAIN), PosixFilePermissions.fromString("rw-------"));
        Path elsewhere = Files.writeString(temp.resolve("key-elsewhere.pem"), "KEY");
        Files.delete(dir.resolve(DataDir.KEY));
        Files.createSymbolicLink(dir.resolve(DataDir.KEY), elsewhere);
        try (DataDir reopened = DataDir.open(dir, WEB)) {
            assertThat(reopened.identity()).as("a key that is a link to a file elsewhere").isEmpty();
        }
    }

    @Test
    void aManifestNamesWhatDiffers() {
        assertThat(WEB.mismatch(WEB)).isEmpty();
        assertThat(WEB.mismatch(Manifest.of("web", "other.mesh", FINGERPRINT)))
                .contains("trust domain 'other.mesh' (expected: 'mesh.local')");
        assertThat(WEB.mismatch(Manifest.of("web", "mesh.local", "cd".repeat(32))))
                .hasValueSatisfying(reason -> assertThat(reason).startsWith("CA sha256 " + "cd".repeat(32)));
    }

    @Test
    void onlyTheLatestContentOfAFileIsWritten() throws IOException {
        Path dir = temp.resolve("web");
        try (DataDir dataDir = DataDir.open(dir, WEB)) {
            for (int i = 0; i < 100; i++) {
                String version = "v" + i;
                dataDir.saveResources(LISTENER, () -> new SavedResources(LISTENER, version, ACKED, List.of()));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> dataDir.resources().containsKey(LISTENER)
                    && dataDir.resources().get(LISTENER).version().equals("v99"));
        }
    }

    private static String permissions(Path file) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
