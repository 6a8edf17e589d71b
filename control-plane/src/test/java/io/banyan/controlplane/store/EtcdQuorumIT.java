package io.banyan.controlplane.store;

import io.banyan.testkit.etcd.EtcdCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A store on a three-member etcd that loses two members: writes fail with {@link StoreUnavailableException} (at once
 * after the first), reads keep answering from the mirror; once the members are back the store is available again by
 * itself, writes succeed, and nothing acknowledged before is lost.
 */
class EtcdQuorumIT {

    private EtcdCluster etcd;
    private Store store;

    @BeforeEach
    void start() {
        assumeTrue(EtcdCluster.available(), "etcd is not installed (/usr/bin/etcd)");
        etcd = EtcdCluster.start(3);
        List<URI> endpoints = etcd.clientUrls().stream().map(URI::create).toList();
        store = Store.etcd(EtcdStoreSettings.of(endpoints, "a").withTimeout(Duration.ofSeconds(2)),
                new StoreOptions(false, Duration.ofMillis(100), Duration.ofSeconds(1)));
    }

    @AfterEach
    void stop() {
        if (store != null) {
            store.close();
        }
        if (etcd != null) {
            etcd.close();
        }
    }

    @Test
    void withoutQuorumWritesAreUnavailableAndReadsAnswerThenEverythingAcknowledgedIsStillThere() {
        List<String> acknowledged = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            store.services().put("s" + i, service("s" + i));
            acknowledged.add("s" + i);
        }
        int leader = etcd.leader();
        int other = (leader + 1) % 3;
        etcd.kill(leader);
        etcd.kill(other);

        assertThatThrownBy(() -> store.services().put("lost", service("lost")))
                .isInstanceOf(StoreUnavailableException.class);
        assertThat(store.available()).isFalse();
        assertThat(store.unavailableCause()).hasValueSatisfying(cause ->
                assertThat(cause).matches("(no quorum|etcd unreachable).*"));
        assertThatThrownBy(() -> store.services().put("refused", service("refused")))
                .as("refused at once while unavailable").isInstanceOf(StoreUnavailableException.class)
                .hasMessageStartingWith("store unavailable: ");
        assertThat(store.services().values()).as("reads answer from the mirror").hasSize(20);

        etcd.restart(leader);
        etcd.restart(other);
        await().atMost(Duration.ofSeconds(30)).until(store::available);
        store.services().put("after", service("after"));
        store.sync();
        acknowledged.add("after");
        assertThat(store.services().values()).extracting(StoredService::name).containsAll(acknowledged)
                .doesNotContain("refused");
    }

    private static StoredService service(String name) {
        return new StoredService(name, Instant.parse("2026-12-07T20:00:00Z"));
    }
}
