package io.banyan.controlplane.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.controlplane.store.Store;
import io.banyan.controlplane.store.StoredPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyBookTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final TrafficPolicy LEAST_REQUEST = new TrafficPolicy(
            new LoadBalancing(LbPolicy.LEAST_REQUEST, null, true, 20), null,
            new Retries("5xx", 3, null, null, null, null), null, null, null, new RateLimit(10, null, null));

    @TempDir
    Path dir;

    @Test
    void policiesSurviveAStoreReopenAndDeletesToo() {
        try (Store store = Store.open(dir)) {
            PolicyBook book = new PolicyBook(store, CLOCK);
            book.put("orders", LEAST_REQUEST);
            book.put("payments", LEAST_REQUEST);
            assertThat(book.remove("payments")).isTrue();
            assertThat(book.remove("payments")).isFalse();
        }
        try (Store store = Store.open(dir)) {
            PolicyBook book = new PolicyBook(store, CLOCK);
            assertThat(book.get("orders")).contains(LEAST_REQUEST);
            assertThat(book.get("payments")).isEmpty();
            assertThat(book.effective("payments")).isEqualTo(TrafficPolicy.DEFAULT);
            assertThat(store.policies().get("orders")).hasValueSatisfying(stored -> {
                assertThat(stored.updatedAt()).isEqualTo(CLOCK.instant());
                assertThat(stored.json()).contains("\"policy\":\"least_request\"");
            });
        }
    }

    @Test
    void listenersGetTheCurrentSnapshotThenEachChangeWithGrowingRevisions() {
        try (Store store = Store.open(dir)) {
            PolicyBook book = new PolicyBook(store, CLOCK);
            List<PolicySnapshot> seen = new ArrayList<>();
            book.addListener(seen::add);
            book.put("orders", LEAST_REQUEST);
            book.put("orders", LEAST_REQUEST);
            book.remove("orders");

            assertThat(seen).hasSize(3);
            assertThat(seen.get(0).policies()).isEmpty();
            assertThat(seen.get(1).of("orders")).isEqualTo(LEAST_REQUEST);
            assertThat(seen.get(2).of("orders")).isEqualTo(TrafficPolicy.DEFAULT);
            assertThat(seen).extracting(PolicySnapshot::revision).isSorted().doesNotHaveDuplicates();
        }
    }

    @Test
    void aStoredPolicyTodaysRulesRefuseLeavesItsServiceOnTheDefaultAndIsReportedUntilReplaced() {
        try (Store store = Store.open(dir)) {
            // Written by an older version, whose rules accepted a retry condition the sidecars never implemented.
            store.policies().put("orders", new StoredPolicy("orders",
                    "{\"retries\":{\"retryOn\":\"retriable-headers\"}}", CLOCK.instant()));
            store.policies().put("payments", new StoredPolicy("payments",
                    new String(new PolicyJson().write(LEAST_REQUEST), StandardCharsets.UTF_8), CLOCK.instant()));

            PolicyBook book = new PolicyBook(store, CLOCK);

            assertThat(book.effective("orders")).isEqualTo(TrafficPolicy.DEFAULT);
            assertThat(book.effective("payments")).isEqualTo(LEAST_REQUEST);
            assertThat(book.refused()).containsOnlyKeys("orders");
            assertThat(book.refused().get("orders")).startsWith("retries.retryOn: 'retriable-headers'");

            book.put("orders", LEAST_REQUEST);
            assertThat(book.refused()).isEmpty();
            assertThat(book.effective("orders")).isEqualTo(LEAST_REQUEST);
        }
    }

    @Test
    void deletingARefusedStoredPolicyRemovesItFromTheStore() {
        try (Store store = Store.open(dir)) {
            store.policies().put("orders", new StoredPolicy("orders",
                    "{\"retries\":{\"retryOn\":\"retriable-headers\"}}", CLOCK.instant()));
            PolicyBook book = new PolicyBook(store, CLOCK);

            assertThat(book.remove("orders")).isTrue();
            assertThat(book.refused()).isEmpty();
            assertThat(store.policies().get("orders")).isEmpty();
            assertThat(book.remove("orders")).isFalse();
        }
    }
}
