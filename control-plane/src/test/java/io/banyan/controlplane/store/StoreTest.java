package io.banyan.controlplane.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

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

    /** The store: {@code orders} committed late, the file then cut to 1 MiB (its older state opens). */
    private void ordersCommittedThenTheFileCutToOneMib() throws Exception {
        try (Store store = Store.open(dir)) {
            StoreFiles.commitServices(store, 150);
            store.services().put("orders", new StoredService("orders", Instant.EPOCH));
        }
        StoreFiles.truncate(dir, StoreFiles.ONE_MIB);
    }

    @Test
    void aStoreCutShorterThanItsLastCommitRefusesToStartNamingTheFile() throws Exception {
        ordersCommittedThenTheFileCutToOneMib();

        assertThatThrownBy(() -> Store.open(dir))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("data-dir: " + dir.toAbsolutePath().resolve(Store.FILE_NAME) + " holds version ")
                .hasMessageContaining("truncated or replaced by an older copy")
                .hasMessageContaining("--recover");
    }

    @Test
    void recoverStartsFromTheReadableStateLoudlyAndTheNextStartIsNormal() throws Exception {
        ordersCommittedThenTheFileCutToOneMib();

        try (Store store = Store.open(dir, StoreOptions.recover(true))) {
            assertThat(store.dataLost()).isTrue();
            assertThat(store.services().get("orders")).isEmpty();
            assertThat(store.services().get("filler-0")).isPresent();
            store.services().put("orders", new StoredService("orders", Instant.EPOCH));
        }
        try (Store store = Store.open(dir)) {
            assertThat(store.dataLost()).isFalse();
            assertThat(store.services().get("orders")).isPresent();
        }
    }

    @Test
    void aDeletedStoreFileWithItsVersionMarkLeftIsRefused() throws Exception {
        try (Store store = Store.open(dir)) {
            store.services().put("orders", new StoredService("orders", Instant.EPOCH));
        }
        Files.delete(dir.resolve(Store.FILE_NAME));

        assertThatThrownBy(() -> Store.open(dir))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(Store.FILE_NAME + " is missing but ")
                .hasMessageContaining(Store.FILE_NAME + VersionMark.SUFFIX + " records version ");
    }

    @Test
    void aStoreFromBeforeVersionMarksOpensAndGetsItsMark() throws Exception {
        try (Store store = Store.open(dir)) {
            store.services().put("orders", new StoredService("orders", Instant.EPOCH));
        }
        Path mark = dir.resolve(Store.FILE_NAME + VersionMark.SUFFIX);
        Files.delete(mark);

        try (Store store = Store.open(dir)) {
            assertThat(store.services().get("orders")).isPresent();
        }
        assertThat(Files.readString(mark).strip()).matches("[1-9][0-9]*");
    }

    @Test
    void aMalformedVersionMarkIsNamed() throws Exception {
        Files.writeString(dir.resolve(Store.FILE_NAME + VersionMark.SUFFIX), "twelve\n");

        assertThatThrownBy(() -> Store.open(dir))
                .isInstanceOf(StoreException.class)
                .hasMessageEndingWith(VersionMark.SUFFIX + " holds 'twelve' (expected: the store's last committed"
                        + " version, a non-negative integer)");
    }

    @Test
    void anUnreadableEntryIsNamedOrSkippedWhenRecovering() {
        try (Store store = Store.open(dir)) {
            store.authorizations().put("web", new StoredAuthorization("web", List.of("api")));
            StoreFiles.corrupt(store, "authorizations", "orders");
        }
        try (Store store = Store.open(dir)) {
            assertThatThrownBy(() -> store.authorizations().values())
                    .isInstanceOf(StoreException.class)
                    .hasMessageStartingWith("corrupt authorizations entry 'orders' in " + dir.toAbsolutePath());
        }
        try (Store store = Store.open(dir, StoreOptions.recover(true))) {
            assertThat(store.dataLost()).isFalse();
            assertThat(store.authorizations().values()).extracting(StoredAuthorization::service).containsExactly("web");
            assertThat(store.dataLost()).isTrue();
        }
    }

    @Test
    void aFailedWriteMakesTheStoreUnavailableUntilItCanWriteAgain() throws Exception {
        StoreOptions fast = new StoreOptions(false, Duration.ofMillis(10), Duration.ofMillis(50));
        try (Store store = Store.open(dir, fast)) {
            store.services().put("before", new StoredService("before", Instant.EPOCH));
            Path blocker = StoreFiles.blockVersionMark(dir);

            store.services().put("committed", new StoredService("committed", Instant.EPOCH));
            assertThat(store.available()).isFalse();
            assertThat(store.unavailableCause()).hasValueSatisfying(cause -> assertThat(cause)
                    .startsWith("cannot write " + dir.toAbsolutePath().resolve(Store.FILE_NAME + VersionMark.SUFFIX)));
            assertThatThrownBy(() -> store.services().put("refused", new StoredService("refused", Instant.EPOCH)))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageStartingWith("store unavailable: cannot write ");
            assertThat(store.services().get("before")).isPresent();

            Files.delete(blocker);
            await().atMost(10, TimeUnit.SECONDS).until(store::available);
            store.services().put("after", new StoredService("after", Instant.EPOCH));
        }
        try (Store store = Store.open(dir)) {
            assertThat(store.services().values()).extracting(StoredService::name)
                    .containsExactlyInAnyOrder("before", "committed", "after");
        }
    }

    @Test
    void reopenDelaysDoubleUpToTheMax() {
        StoreOptions options = new StoreOptions(false, Duration.ofMillis(250), Duration.ofSeconds(1));

        assertThat(IntStream.range(0, 5).mapToObj(options::reopenDelay).map(Duration::toMillis))
                .containsExactly(250L, 500L, 1000L, 1000L, 1000L);
        assertThatThrownBy(() -> new StoreOptions(false, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessage("reopenMax: PT1S (expected: >= reopenFirst PT2S)");
    }
}
