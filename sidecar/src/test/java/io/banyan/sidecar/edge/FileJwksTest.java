package io.banyan.sidecar.edge;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class FileJwksTest {

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void theFileIsReadAtStartAndAgainWhenItChangesAndABadVersionKeepsTheLastKeys(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("jwks.json");
        TestIssuers first = new TestIssuers("k1");
        TestIssuers second = new TestIssuers("k2");
        Files.writeString(file, first.jwks().toString());

        try (FileJwks jwks = new FileJwks(file, executor, Duration.ofMillis(20))) {
            assertThat(jwks.firstLoad().join().getKeyByKeyId("k1-rsa")).isNotNull();
            assertThat(jwks.reloadForUnknownKey()).isEmpty();

            write(file, second.jwks().toString(), 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> jwks.current().getKeyByKeyId("k2-rsa") != null);
            assertThat(jwks.current().getKeyByKeyId("k1-rsa")).isNull();
            assertThat(jwks.current().getKeyByKeyId("k2-rsa").isPrivate()).isFalse();

            write(file, "{not json", 2);
            executor.submit(jwks::reloadIfChanged).get(); // on the executor, as every poll
            assertThat(jwks.current().getKeyByKeyId("k2-rsa")).isNotNull();
        }
    }

    @Test
    void aMissingFileCompletesTheFirstLoadWithoutKeys(@TempDir Path dir) {
        try (FileJwks jwks = new FileJwks(dir.resolve("absent.json"), executor, Duration.ofMillis(20))) {
            assertThat(jwks.firstLoad().join()).isNull();
            assertThat(jwks.current()).isNull();
        }
    }

    /** Writes and moves the modification time on, so a change shows whatever the file system's time resolution. */
    private static void write(Path file, String text, int step) throws IOException {
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2030-01-01T00:00:00Z").plusSeconds(step)));
    }
}
