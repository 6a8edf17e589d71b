package io.banyan.controlplane.store;

import io.banyan.testkit.etcd.EtcdCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The leadership when the leader is cut off from etcd: replica A reaches etcd only through member 0, replica B through
 * the two others. Member 0 killed: A stops leading (its lease cannot be kept alive) and B leads within the lease's TTL
 * (and a margin for the election), never both at once as A sees it. A replica whose watch was lost while the others
 * wrote and etcd compacted its history re-reads everything and tells its followers {@code reloaded()}.
 */
class EtcdLeadershipIT {

    private static final Duration LEASE = Duration.ofSeconds(3);

    private EtcdCluster etcd;
    private final List<Store> stores = new ArrayList<>();

    @BeforeEach
    void start() {
        assumeTrue(EtcdCluster.available(), "etcd is not installed (/usr/bin/etcd)");
        etcd = EtcdCluster.start(3);
    }

    @AfterEach
    void stop() {
        stores.forEach(Store::close);
        if (etcd != null) {
            etcd.close();
        }
    }

    private Store replica(String name, List<String> urls) {
        List<URI> endpoints = urls.stream().map(URI::create).toList();
        Store store = Store.etcd(EtcdStoreSettings.of(endpoints, name).withLeaderLease(LEASE)
                .withTimeout(Duration.ofSeconds(1)), StoreOptions.DEFAULT);
        stores.add(store);
        return store;
    }

    @Test
    void aLeaderCutOffFromEtcdStopsLeadingAndAnotherReplicaTakesOverWithinTheLease() {
        List<String> urls = etcd.clientUrls();
        Store a = replica("a", List.of(urls.get(0)));
        await().atMost(Duration.ofSeconds(15)).until(() -> a.leadership().isLeader());
        Store b = replica("b", List.of(urls.get(1), urls.get(2)));
        List<Boolean> aChanges = new CopyOnWriteArrayList<>();
        a.leadership().addListener(aChanges::add);
        await().atMost(Duration.ofSeconds(5)).until(() -> aChanges.size() == 1);
        assertThat(aChanges).containsExactly(true);
        assertThat(b.leadership().isLeader()).isFalse();

        etcd.kill(0);
        await().atMost(LEASE.plusSeconds(1)).until(() -> !a.leadership().isLeader());
        await().atMost(LEASE.multipliedBy(2).plusSeconds(5)).until(() -> b.leadership().isLeader());
        assertThat(a.leadership().isLeader()).as("the cut-off replica does not lead again").isFalse();
        assertThat(aChanges).containsExactly(true, false);
    }

    @Test
    void aReplicaCutOffWhileTheOthersWroteAndEtcdCompactedReReadsEverythingAndTellsItsFollowers() throws Exception {
        List<String> urls = etcd.clientUrls();
        int cut = (etcd.leader() + 1) % 3; // not the raft leader: the others keep writing without an election
        Store a = replica("a", List.of(urls.get(cut)));
        Store b = replica("b", List.of(urls.get((cut + 1) % 3), urls.get((cut + 2) % 3)));
        b.services().put("before", new StoredService("before", java.time.Instant.EPOCH));
        a.sync();
        List<String> heard = new CopyOnWriteArrayList<>();
        a.follow(new StoreFollower() {
            @Override
            public void changed(String map, String key, String value) {
                heard.add(map + "/" + key);
            }

            @Override
            public void reloaded() {
                heard.add("reloaded");
            }
        });

        etcd.kill(cut);
        for (int i = 0; i < 10; i++) {
            b.services().put("while-away-" + i, new StoredService("while-away-" + i, java.time.Instant.EPOCH));
        }
        b.services().remove("before");
        try (io.etcd.jetcd.Client admin = io.etcd.jetcd.Client.builder()
                .endpoints(urls.get((cut + 1) % 3), urls.get((cut + 2) % 3)).build()) {
            long now = admin.getKVClient().get(EtcdKeys.bytes("/")).get().getHeader().getRevision();
            admin.getKVClient().compact(now).get();
        }
        etcd.restart(cut);

        await().atMost(Duration.ofSeconds(30)).until(() -> heard.contains("reloaded"));
        assertThat(a.services().values()).extracting(StoredService::name).hasSize(10)
                .allMatch(name -> name.startsWith("while-away-"));
    }
}
