package io.banyan.controlplane.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoreTest {

    @TempDir
    Path dir;

    @Test
    void writesSurviveCloseAndReopen() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        try (Store store = Store.open(dir)) {
            store.services().put("orders", new StoredService("orders", t));
            store.instances().put("i1", new StoredInstance("i1", "orders", "10.0.0.1", 8080, "a", "v1", 2, 10,
                    "http2", Map.of("k", "v"), true));
            store.tokens().put("t1", new StoredToken("t1", "orders", "abc", t, t.plusSeconds(60), null));
            store.instances().put("i2", new StoredInstance("i2", "orders", "h", 1, "", "", 1, 0, "http", null, false));
            assertThat(store.instances().remove("i2")).isTrue();
            assertThat(store.instances().remove("i2")).isFalse();
        }
        assertThat(dir.resolve(Store.FILE_NAME)).exists();
        try (Store store = Store.open(dir)) {
            assertThat(store.services().get("orders")).contains(new StoredService("orders", t));
            assertThat(store.instances().values()).containsExactly(new StoredInstance("i1", "orders", "10.0.0.1",
                    8080, "a", "v1", 2, 10, "http2", Map.of("k", "v"), true));
            assertThat(store.tokens().get("t1")).hasValueSatisfying(token -> {
                assertThat(token.secretSha256()).isEqualTo("abc");
                assertThat(token.expiresAt()).isEqualTo(t.plusSeconds(60));
            });
            assertThat(store.tokens().get("nope")).isEmpty();
        }
    }

    @Test
    void secondOpenOfTheSameDirectoryIsRefusedClearly() {
        try (Store first = Store.open(dir)) {
            assertThatThrownBy(() -> Store.open(dir))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("data-dir")
                    .hasMessageContaining("locked by another control plane");
            first.services().put("still-works", new StoredService("still-works", Instant.EPOCH));
        }
    }

    @Test
    void unusableDataDirIsRefusedClearly() throws Exception {
        Path file = dir.resolve("not-a-dir");
        Files.writeString(file, "x", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Store.open(file.resolve("sub")))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("data-dir: ");
    }

    @Test
    void writesAfterCloseFail() {
        Store store = Store.open(dir);
        store.close();
        assertThatThrownBy(() -> store.services().put("x", new StoredService("x", Instant.EPOCH)))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("closed");
    }
}
