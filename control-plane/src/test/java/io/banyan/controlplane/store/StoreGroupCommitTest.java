package io.banyan.controlplane.store;

import io.banyan.controlplane.support.SmallDisk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The store's group commit with a real file: durability of what was acknowledged, fewer syncs than writes, failure. */
class StoreGroupCommitTest {

    private static final int WRITERS = 16;
    private static final int WRITES_EACH = 50;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedWriteOfManyConcurrentWritersSurvivesACrashWithFewerSyncsThanWrites() throws Exception {
        Path crashed = dir.resolve("crashed");
        try (Store store = Store.open(dir.resolve("live"))) {
            ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int w = 0; w < WRITERS; w++) {
                    int writer = w;
                    done.add(writers.submit(() -> {
                        for (int i = 0; i < WRITES_EACH; i++) {
                            String name = "svc-" + writer + "-" + i;
                            store.services().put(name, new StoredService(name, Instant.EPOCH)); // returns when durable
                        }
                    }));
                }
                for (Future<?> writer : done) {
                    writer.get(60, TimeUnit.SECONDS);
                }
            } finally {
                writers.shutdownNow();
            }
            // A crash right after the last acknowledgement: the files as they are now, the store never closed.
            Files.createDirectories(crashed);
            Files.copy(dir.resolve("live").resolve(Store.FILE_NAME), crashed.resolve(Store.FILE_NAME));
            Files.copy(dir.resolve("live").resolve(Store.FILE_NAME + VersionMark.SUFFIX),
                    crashed.resolve(Store.FILE_NAME + VersionMark.SUFFIX));

            assertThat(store.durableWrites()).isEqualTo(WRITERS * WRITES_EACH);
            assertThat(store.syncs()).as("one sync covers several writers' writes").isLessThan(WRITERS * WRITES_EACH);
        }
        try (Store reopened = Store.open(crashed)) {
            assertThat(reopened.services().values()).hasSize(WRITERS * WRITES_EACH);
        }
    }

    @Test
    void writesLaterAreAcknowledgedOnlyOnceSyncedAndInOneGroup() throws Exception {
        try (Store store = Store.open(dir)) {
            long syncsBefore = store.syncs();
            List<CompletableFuture<Void>> writes = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                writes.add(store.services().putLater("svc-" + i, new StoredService("svc-" + i, Instant.EPOCH)));
            }
            CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

            assertThat(store.durableWrites()).isEqualTo(200);
            assertThat(store.syncs() - syncsBefore).as("200 writes applied back to back").isLessThan(200);
        }
    }

    @Test
    void aCommitThatFailsFailsEveryWriteItCoveredAndTheStoreKeepsItsLastCommit() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(dir.resolve("disk"), "2m")) {
            Path data = disk.path().resolve("data");
            try (Store store = Store.open(data)) {
                store.services().put("before", new StoredService("before", Instant.EPOCH));
                disk.fill();

                List<CompletableFuture<Void>> writes = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    try {
                        writes.add(store.services().putLater("lost-" + i, new StoredService("lost-" + i, Instant.EPOCH)));
                    } catch (StoreUnavailableException refused) {
                        writes.add(CompletableFuture.failedFuture(refused)); // the first failure came already
                    }
                }

                for (CompletableFuture<Void> write : writes) {
                    assertThatThrownBy(() -> write.get(10, TimeUnit.SECONDS))
                            .hasCauseInstanceOf(StoreUnavailableException.class);
                }
                assertThat(store.available()).isFalse();
                assertThat(store.durableWrites()).isEqualTo(1);
                disk.free();
            }
            try (Store reopened = Store.open(data)) {
                assertThat(reopened.services().values()).extracting(StoredService::name).containsExactly("before");
            }
        }
    }
}
