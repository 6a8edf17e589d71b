package io.banyan.controlplane.store;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.banyan.primitives.json.JsonMappers;
import org.h2.mvstore.DataUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RevisionLogTest {

    private static final Instant T = Instant.parse("2026-12-07T12:00:00Z");

    @TempDir
    Path dir;

    private static StoredRevision policyOf(String service, String action) {
        return new StoredRevision(0, T, "admin", "policy", service, action, null,
                JsonNodeFactory.instance.objectNode().put("service", service), null);
    }

    private static StoredPolicy policy(String service) {
        return new StoredPolicy(service, "{}", T);
    }

    @Test
    void revisionsAreNumberedFromOneWithTheirChangeAndNeverReusedAfterAReopen() {
        try (Store store = Store.open(dir)) {
            assertThat(store.revisions().last()).isZero();
            StoredRevision first = store.revisions().append(policyOf("orders", "create"),
                    new StoreBatch().put(store.policies(), "orders", policy("orders")));
            StoredRevision second = store.revisions().append(policyOf("users", "create"),
                    new StoreBatch().put(store.policies(), "users", policy("users")));
            assertThat(first.revision()).isEqualTo(1);
            assertThat(second.revision()).isEqualTo(2);
        }
        try (Store store = Store.open(dir)) {
            assertThat(store.policies().get("orders")).isPresent();
            assertThat(store.revisions().get(1)).hasValueSatisfying(r -> assertThat(r.object()).isEqualTo("orders"));
            assertThat(store.revisions().newestFirst(r -> true, 10)).extracting(StoredRevision::revision)
                    .containsExactly(2L, 1L);
            assertThat(store.revisions().append(policyOf("orders", "delete"),
                    new StoreBatch().remove(store.policies(), "orders")).revision()).isEqualTo(3);
            assertThat(store.policies().get("orders")).isEmpty();
        }
    }

    @Test
    void atMostTheBoundIsKeptTheOldestDroppedAndNumbersGoOn() {
        try (Store store = Store.open(dir)) {
            RevisionLog log = new RevisionLog(store, new DurableMap<>(store, RevisionLog.MAP,
                    JsonMappers.withIsoTimes(JsonMappers.lenient()), StoredRevision.class), 3, Long.MAX_VALUE);
            for (int i = 0; i < 5; i++) {
                log.append(policyOf("s" + i, "create"), new StoreBatch());
            }
            assertThat(log.newestFirst(r -> true, 500)).extracting(StoredRevision::revision)
                    .containsExactly(5L, 4L, 3L);
            assertThat(log.get(1)).isEmpty();
            assertThat(log.last()).isEqualTo(5);
        }
    }

    @Test
    void theKeptRevisionsTakeAtMostTheByteBoundTheNewestAlwaysKept() {
        try (Store store = Store.open(dir)) {
            DurableMap<StoredRevision> map = new DurableMap<>(store, RevisionLog.MAP,
                    JsonMappers.withIsoTimes(JsonMappers.lenient()), StoredRevision.class);
            int one = map.encode(RevisionLog.key(1), policyOf("s0", "create").numbered(1)).length();
            RevisionLog log = new RevisionLog(store, map, 100, 3L * one + 2);
            for (int i = 0; i < 5; i++) {
                log.append(policyOf("s" + i, "create"), new StoreBatch());
            }
            assertThat(log.newestFirst(r -> true, 500)).extracting(StoredRevision::revision)
                    .containsExactly(5L, 4L, 3L);

            RevisionLog tiny = new RevisionLog(store, map, 100, 1);
            tiny.append(policyOf("s9", "create"), new StoreBatch());
            assertThat(tiny.newestFirst(r -> true, 500)).extracting(StoredRevision::revision)
                    .as("the newest is kept whatever its size").containsExactly(6L);
        }
    }

    @Test
    void anIoFailureBetweenTheChangeAndItsRevisionLeavesNeitherOnDisk() {
        try (Store store = Store.open(dir)) {
            store.revisions().append(policyOf("orders", "create"),
                    new StoreBatch().put(store.policies(), "orders", policy("orders")));
            StoreBatch failing = new StoreBatch().put(store.policies(), "users", policy("users")).add(maps -> {
                throw DataUtils.newMVStoreException(DataUtils.ERROR_WRITING_FAILED, "No space left on device");
            });
            assertThatThrownBy(() -> store.revisions().append(policyOf("users", "create"), failing))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("No space left on device");
            assertThat(store.available()).isFalse();
        }
        try (Store store = Store.open(dir)) {
            assertThat(store.policies().get("users")).isEmpty();
            assertThat(store.revisions().last()).isEqualTo(1);
            assertThat(store.revisions().newestFirst(r -> true, 10)).extracting(StoredRevision::object)
                    .containsExactly("orders");
        }
    }

    @Test
    void aFailureInsideTheBatchRollsBackWhatItWroteAndTheStoreGoesOn() {
        try (Store store = Store.open(dir)) {
            StoreBatch failing = new StoreBatch().put(store.policies(), "users", policy("users")).add(maps -> {
                throw new IllegalStateException("refused half-way");
            });
            assertThatThrownBy(() -> store.revisions().append(policyOf("users", "create"), failing))
                    .hasMessage("refused half-way");
            assertThat(store.available()).isTrue();
            assertThat(store.policies().get("users")).isEmpty();
            assertThat(store.revisions().last()).isZero();
            store.revisions().append(policyOf("orders", "create"),
                    new StoreBatch().put(store.policies(), "orders", policy("orders")));
        }
        try (Store store = Store.open(dir)) {
            assertThat(store.policies().get("users")).isEmpty();
            assertThat(store.policies().get("orders")).isPresent();
            assertThat(store.revisions().get(1)).hasValueSatisfying(r -> assertThat(r.object()).isEqualTo("orders"));
        }
    }

    @Test
    void anUnreadableCounterRefusesEveryWriteRatherThanWritingWithoutHistory() {
        try (Store store = Store.open(dir)) {
            store.write(RevisionLog.COUNTER_MAP, counter -> {
                counter.put("last", "forty-two");
                return null;
            });
            assertThatThrownBy(() -> store.revisions().append(policyOf("orders", "create"),
                    new StoreBatch().put(store.policies(), "orders", policy("orders"))))
                    .isInstanceOf(StoreException.class)
                    .hasMessageStartingWith("revision-counter: 'forty-two' (expected: the last revision number)");
            assertThat(store.policies().get("orders")).isEmpty();
            assertThat(store.revisions().newestFirst(r -> true, 10)).isEmpty();
        }
    }
}
