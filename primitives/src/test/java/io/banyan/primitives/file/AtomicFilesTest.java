package io.banyan.primitives.file;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class AtomicFilesTest {

    @TempDir
    Path temp;

    @Test
    void aFileIsPrivateInAPrivateDirectory() throws IOException {
        Path file = temp.resolve("state").resolve("key.pem");

        AtomicFiles.write(file, bytes("secret"));

        assertThat(Files.readString(file)).isEqualTo("secret");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
    }

    @Test
    void aWriteReplacesTheFileAndLeavesNoTemporaryFile() throws IOException {
        Path file = temp.resolve("config.json");
        AtomicFiles.write(file, bytes("one"));

        AtomicFiles.write(file, bytes("two"));

        assertThat(Files.readString(file)).isEqualTo("two");
        try (var listing = Files.list(temp)) {
            assertThat(listing).containsExactly(file);
        }
    }

    @Test
    void createKeepsAFileThatExists() throws IOException {
        Path file = temp.resolve("config.key");

        assertThat(AtomicFiles.create(file, bytes("first"))).isTrue();
        assertThat(AtomicFiles.create(file, bytes("second"))).isFalse();

        assertThat(Files.readString(file)).isEqualTo("first");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (var listing = Files.list(temp)) {
            assertThat(listing).containsExactly(file);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
