package io.banyan.controlplane.registry;

import io.banyan.controlplane.store.EtcdStoreSettings;
import io.banyan.controlplane.store.Store;
import io.banyan.controlplane.store.StoreOptions;
import io.banyan.testkit.etcd.EtcdCluster;
import io.banyan.testkit.time.FakeClock;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The registry of replicas sharing a real etcd (one member; each test under a prefix of its own): a registration that
 * creates its service commits the service and the instance in one transaction; a replica that does not know an id
 * (it has not heard of it yet: simulated by a registry that does not follow its store) looks it up again after its
 * shared read barrier, off the caller's thread, and answers "unknown" at once when its store is unavailable.
 */
class RegistryOnEtcdIT {

    private static EtcdCluster etcd;

    private final FakeClock clock = new FakeClock();
    private final String prefix = "/banyan-" + UUID.randomUUID() + "/";
    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeAll
    static void startEtcd() {
        assumeTrue(EtcdCluster.available(), "etcd is not installed (/usr/bin/etcd)");
        etcd = EtcdCluster.start(1);
    }

    @AfterAll
    static void stopEtcd() {
        if (etcd != null) {
            etcd.close();
        }
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    private Store replica(String name) {
        List<URI> endpoints = etcd.clientUrls().stream().map(URI::create).toList();
        Store store = Store.etcd(EtcdStoreSettings.of(endpoints, name).withPrefix(prefix), StoreOptions.DEFAULT);
        opened.add(store);
        return store;
    }

    private Registry registry(Store store) {
        Registry registry = lagging(store);
        store.follow(registry);
        return registry;
    }

    /** A registry that never hears of the other replicas' writes (as if its store's watch lagged behind). */
    private Registry lagging(Store store) {
        Registry registry = new Registry(store, clock, new SimpleMeterRegistry());
        opened.add(registry);
        return registry;
    }

    private KeyValue read(Client client, String key) throws Exception {
        List<KeyValue> found = client.getKVClient().get(ByteSequence.from(prefix + key, StandardCharsets.UTF_8))
                .get(10, TimeUnit.SECONDS).getKvs();
        assertThat(found).as(key).hasSize(1);
        return found.get(0);
    }

    @Test
    void aRegistrationThatCreatesItsServiceCommitsServiceAndInstanceInOneTransaction() throws Exception {
        Registry a = registry(replica("a"));

        String id = a.register(Registration.builder().service("orders").host("10.0.0.1").port(8080).build())
                .instance().id();

        try (Client client = Client.builder().endpoints(etcd.clientUrls().toArray(String[]::new)).build()) {
            long service = read(client, "services/orders").getModRevision();
            long instance = read(client, "instances/" + id).getModRevision();
            assertThat(instance).as("the instance's commit is the service's").isEqualTo(service);
        }
        assertThat(a.service("orders")).get().satisfies(list -> assertThat(list).hasSize(1));
    }

    @Test
    void anIdRegisteredOnAnotherReplicaIsFoundAndHeartbeatedAfterTheReadBarrier() throws Exception {
        Registry a = registry(replica("a"));
        Registry b = lagging(replica("b"));
        String id = a.register(Registration.builder().service("orders").host("10.0.0.1").port(8080).ttlSeconds(5L)
                .build()).instance().id();
        assertThat(b.get(id)).as("not heard of yet").isEmpty();

        assertThat(b.find(id).get(10, TimeUnit.SECONDS)).get()
                .satisfies(found -> assertThat(found.instance().service()).isEqualTo("orders"));
        assertThat(b.heartbeatLater(id).get(10, TimeUnit.SECONDS)).isPresent();
        assertThat(b.find("never-registered").get(10, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void anUnknownIdIsUnknownAtOnceWhileTheStoreIsUnavailable() {
        Store store = replica("b");
        Registry b = lagging(store);
        store.close();

        assertThat(b.heartbeatLater("i-1")).isCompletedWithValue(java.util.Optional.empty());
        assertThat(b.heartbeat("i-1")).isEmpty();
    }
}
