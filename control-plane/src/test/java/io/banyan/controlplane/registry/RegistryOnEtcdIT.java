package io.banyan.controlplane.registry;

import io.banyan.controlplane.store.Store;
import io.banyan.controlplane.support.EtcdReplicas;
import io.banyan.testkit.time.FakeClock;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry of replicas sharing a real etcd (one member; each test under a prefix of its own): a registration that
 * creates its service commits the service and the instance in one transaction; a replica that does not know an id
 * (it has not heard of it yet: simulated by a registry that does not follow its store) looks it up again after its
 * shared read barrier, off the caller's thread, and answers "unknown" at once when its store is unavailable.
 */
class RegistryOnEtcdIT {

    @RegisterExtension
    static final EtcdReplicas etcd = new EtcdReplicas();

    private final FakeClock clock = new FakeClock();

    private Store replica(String name) {
        return etcd.replica(name);
    }

    private Registry registry(Store store) {
        Registry registry = lagging(store);
        store.follow(registry);
        return registry;
    }

    /** A registry that never hears of the other replicas' writes (as if its store's watch lagged behind). */
    private Registry lagging(Store store) {
        Registry registry = new Registry(store, clock, new SimpleMeterRegistry());
        etcd.closeAfter(registry);
        return registry;
    }

    private KeyValue read(Client client, String key) throws Exception {
        List<KeyValue> found = client.getKVClient().get(ByteSequence.from(etcd.prefix() + key, StandardCharsets.UTF_8))
                .get(10, TimeUnit.SECONDS).getKvs();
        assertThat(found).as(key).hasSize(1);
        return found.get(0);
    }

    @Test
    void aRegistrationThatCreatesItsServiceCommitsServiceAndInstanceInOneTransaction() throws Exception {
        Registry a = registry(replica("a"));

        String id = a.register(Registration.builder().service("orders").host("10.0.0.1").port(8080).build())
                .instance().id();

        try (Client client = Client.builder().endpoints(etcd.etcd().clientUrls().toArray(String[]::new)).build()) {
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
