package io.banyan.controlplane.registry;

import io.banyan.controlplane.store.Store;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegistryTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock();
    private SimpleMeterRegistry meters;
    private Store store;
    private Registry registry;

    @BeforeEach
    void open() {
        store = Store.open(dir);
        meters = new SimpleMeterRegistry();
        registry = new Registry(store, clock, meters);
    }

    @AfterEach
    void close() {
        registry.close();
        store.close();
    }

    private static Registration orders(String host, Long ttlSeconds) {
        return Registration.of("orders", host, 8080, "a", "v1", null, ttlSeconds, null, null, null, false);
    }

    @Test
    void newListenerFirstGetsTheCurrentSnapshotThenEveryChangeInOrder() throws Exception {
        RecordingListener listener = new RecordingListener();
        registry.addListener(listener);
        RegistrySnapshot initial = listener.next();
        assertThat(initial.revision()).isEqualTo(1);
        assertThat(initial.services()).isEmpty();

        InstanceHealth a = registry.register(orders("10.0.0.1", 10L));
        RegistrySnapshot first = listener.next();
        assertThat(first.revision()).isEqualTo(2);
        assertThat(first.instances("orders")).extracting(h -> h.instance().id()).containsExactly(a.instance().id());
        assertThat(listener.lastThread()).isNotSameAs(Thread.currentThread());

        assertThat(registry.putService("payments")).isTrue();
        assertThat(registry.putService("payments")).isFalse();
        RegistrySnapshot second = listener.next();
        assertThat(second.revision()).isEqualTo(3);
        assertThat(second.services()).containsOnlyKeys("orders", "payments");

        assertThat(registry.deregister(a.instance().id())).isPresent();
        RegistrySnapshot third = listener.next();
        assertThat(third.revision()).isEqualTo(4);
        assertThat(third.instances("orders")).isEmpty();
        assertThat(third.services()).containsKey("orders");

        assertThat(registry.deleteService("payments")).isTrue();
        assertThat(listener.next().services()).containsOnlyKeys("orders");
    }

    @Test
    void registeringTheSameAddressAgainReplacesThatInstanceUnderItsId() {
        InstanceHealth first = registry.register(orders("10.0.0.1", 10L));
        InstanceHealth again = registry.register(
                Registration.of("orders", "10.0.0.1", 8080, "b", "v2", null, 10L, null, null, null, false));
        InstanceHealth otherPort = registry.register(
                Registration.of("orders", "10.0.0.1", 8081, "a", "v1", null, 10L, null, null, null, false));

        assertThat(again.instance().id()).isEqualTo(first.instance().id());
        assertThat(again.instance().version()).isEqualTo("v2");
        assertThat(otherPort.instance().id()).isNotEqualTo(first.instance().id());
        assertThat(registry.snapshot().instances("orders")).hasSize(2);
    }

    @Test
    void ttlExpiryAndRecoveryPublishSnapshots() throws Exception {
        InstanceHealth withTtl = registry.register(orders("10.0.0.1", 10L));
        InstanceHealth noTtl = registry.register(orders("10.0.0.2", null));
        String id = withTtl.instance().id();
        RecordingListener listener = new RecordingListener();
        registry.addListener(listener);
        long start = listener.next().revision();

        clock.advance(Duration.ofSeconds(10));
        assertThat(registry.sweep()).as("exactly the TTL is still healthy").isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(registry.sweep()).isTrue();
        RegistrySnapshot expired = listener.next();
        assertThat(expired.revision()).isEqualTo(start + 1);
        Map<String, Boolean> health = new HashMap<>();
        expired.instances("orders").forEach(h -> health.put(h.instance().id(), h.healthy()));
        assertThat(health).containsEntry(id, false).containsEntry(noTtl.instance().id(), true);
        assertThat(registry.sweep()).as("no second flip").isFalse();
        assertThat(registry.get(id)).hasValueSatisfying(h -> assertThat(h.healthy()).isFalse());
        assertThat(meters.counter("banyan.registry.changes", "kind", "expire").count()).isEqualTo(1);

        clock.advance(Duration.ofHours(1));
        assertThat(registry.heartbeat(id)).hasValueSatisfying(h -> {
            assertThat(h.healthy()).isTrue();
            assertThat(h.lastHeartbeat()).isEqualTo(clock.instant());
        });
        RegistrySnapshot recovered = listener.next();
        assertThat(recovered.revision()).isEqualTo(start + 2);
        assertThat(recovered.instances("orders")).allMatch(InstanceHealth::healthy);

        clock.advance(Duration.ofSeconds(5));
        assertThat(registry.heartbeat(id)).isPresent();
        assertThat(listener.poll(Duration.ofMillis(100))).as("a heartbeat without a flip publishes nothing").isNull();
        assertThat(registry.snapshot().revision()).isEqualTo(start + 2);
    }

    @Test
    void registryGaugesCountInstancesByHealth() throws Exception {
        registry.register(orders("10.0.0.1", 1L));
        registry.register(orders("10.0.0.2", null));
        clock.advance(Duration.ofSeconds(2));
        registry.sweep();
        RecordingListener barrier = new RecordingListener();
        registry.addListener(barrier);
        barrier.next(); // everything queued before it has been delivered, metrics included
        assertThat(meters.get("banyan.registry.instances").tags("service", "orders", "healthy", "true").gauge().value())
                .isEqualTo(1.0);
        assertThat(meters.get("banyan.registry.instances").tags("service", "orders", "healthy", "false").gauge().value())
                .isEqualTo(1.0);
    }

    @Test
    void stateSurvivesRestartAndRestoredInstancesGetTheStartupGrace() {
        InstanceHealth a = registry.register(Registration.of("orders", "10.0.0.1", 8080, "z", "v2", 7, 10L, "grpc",
                Map.of("k", "v"), true, false));
        registry.putService("empty");
        clock.advance(Duration.ofSeconds(60));
        registry.sweep();
        assertThat(registry.get(a.instance().id()).orElseThrow().healthy()).isFalse();
        close();

        open();
        InstanceHealth restored = registry.get(a.instance().id()).orElseThrow();
        assertThat(restored.instance()).isEqualTo(a.instance());
        assertThat(restored.healthy()).isTrue();
        assertThat(restored.lastHeartbeat()).isEqualTo(clock.instant());
        assertThat(registry.snapshot().services()).containsOnlyKeys("empty", "orders");
        clock.advance(RegistryRules.DEFAULT_STARTUP_GRACE.plusMillis(1));
        assertThat(registry.get(a.instance().id()).orElseThrow().healthy()).isFalse();
    }

    @Test
    void deleteServiceRefusesWhileInstancesRemain() {
        InstanceHealth a = registry.register(orders("10.0.0.1", null));
        assertThatThrownBy(() -> registry.deleteService("orders"))
                .isInstanceOf(ServiceNotEmptyException.class)
                .hasMessageContaining("1 instance");
        registry.deregister(a.instance().id());
        assertThat(registry.deleteService("orders")).isTrue();
        assertThat(registry.deleteService("orders")).isFalse();
        assertThat(registry.service("orders")).isEmpty();
    }

    @Test
    void unknownIdsAreEmpty() {
        assertThat(registry.heartbeat("nope")).isEmpty();
        assertThat(registry.deregister("nope")).isEmpty();
        assertThat(registry.get("nope")).isEmpty();
    }

    @Test
    void listenerFailureDoesNotStopOthers() throws Exception {
        registry.addListener(snapshot -> {
            throw new IllegalStateException("boom");
        });
        RecordingListener listener = new RecordingListener();
        registry.addListener(listener);
        listener.next();
        registry.putService("x");
        assertThat(listener.next().services()).containsKey("x");
    }
}
