package io.banyan.controlplane.registry;

import io.banyan.controlplane.store.Store;
import io.banyan.controlplane.store.StoreFiles;
import io.banyan.controlplane.store.StoredService;
import io.banyan.testkit.time.FakeClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class RegistryTest {

    @TempDir
    Path dir;

    private final FakeClock clock = new FakeClock();
    private RegistryRules rules = RegistryRules.DEFAULT;
    private SimpleMeterRegistry meters;
    private Store store;
    private Registry registry;

    @BeforeEach
    void open() {
        store = Store.open(dir);
        meters = new SimpleMeterRegistry();
        registry = new Registry(store, clock, meters, rules);
    }

    /** Closes and opens the registry again on the same store (as a restart) with {@code next} rules. */
    private void reopenWith(RegistryRules next) {
        close();
        rules = next;
        open();
    }

    @AfterEach
    void close() {
        registry.close();
        store.close();
    }

    private static Registration orders(String host, Long ttlSeconds) {
        return Registration.builder().service("orders").host(host).port(8080).zone("a").version("v1")
                .ttlSeconds(ttlSeconds).build();
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
                Registration.builder().service("orders").host("10.0.0.1").port(8080).zone("b").version("v2")
                        .ttlSeconds(10L).build());
        InstanceHealth otherPort = registry.register(
                Registration.builder().service("orders").host("10.0.0.1").port(8081).zone("a").version("v1")
                        .ttlSeconds(10L).build());

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
        InstanceHealth a = registry.register(Registration.builder().service("orders").host("10.0.0.1").port(8080)
                .zone("z").version("v2").weight(7).ttlSeconds(10L).protocol("grpc").metadata(Map.of("k", "v"))
                .mesh(true).build());
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

    /** The registry's rules on the fake clock: startup grace, self-preservation, reaping. TTLs are 10 s. */
    @Nested
    class Rules {

        private static final Duration TTL = Duration.ofSeconds(10);
        private static final RegistryRules RULES = new RegistryRules(Duration.ofSeconds(30), 0.5, Duration.ofMinutes(5));

        @BeforeEach
        void withTheseRules() {
            reopenWith(RULES);
        }

        private void restart() {
            reopenWith(rules);
        }

        private String register(String service, String host) {
            return registry.register(Registration.builder().service(service).host(host).port(8080)
                    .ttlSeconds(TTL.toSeconds()).build()).instance().id();
        }

        private Map<String, HealthState> states(String service) {
            return registry.service(service).orElseThrow().stream()
                    .collect(Collectors.toMap(h -> h.instance().id(), InstanceHealth::state));
        }

        private double counted(String kind) {
            return meters.counter("banyan.registry.changes", "kind", kind).count();
        }

        /** Waits until the listeners (metrics included) have seen everything published so far. */
        private void delivered() throws InterruptedException {
            RecordingListener barrier = new RecordingListener();
            registry.addListener(barrier);
            barrier.next();
            registry.removeListener(barrier);
        }

        @Test
        void afterARestartLongerThanTheTtlRestoredInstancesStayHealthyForTheStartupGrace() {
            String a = register("orders", "10.0.0.1");
            String b = register("orders", "10.0.0.2");
            clock.advance(Duration.ofSeconds(150)); // the control plane is down
            restart();

            clock.advance(Duration.ofSeconds(20)); // twice the TTL after the restart, within the grace
            assertThat(states("orders")).containsEntry(a, HealthState.GRACE).containsEntry(b, HealthState.GRACE);
            assertThat(registry.snapshot().instances("orders")).allMatch(InstanceHealth::healthy);

            assertThat(registry.heartbeat(a)).hasValueSatisfying(h -> assertThat(h.state()).isEqualTo(HealthState.HEALTHY));
            clock.advance(Duration.ofSeconds(10).plusMillis(1)); // grace over; b never came back, a did (within its TTL)
            registry.heartbeat(a);
            assertThat(states("orders")).containsEntry(a, HealthState.HEALTHY).containsEntry(b, HealthState.EXPIRED);
            assertThat(counted("expire")).isEqualTo(1);
        }

        @Test
        void theGraceIsAtLeastTheTtlOfTheInstance() {
            registry.register(Registration.builder().service("slow").host("10.0.0.1").port(8080).ttlSeconds(60L).build());
            restart();
            clock.advance(Duration.ofSeconds(45)); // past the 30 s grace, within the 60 s TTL
            assertThat(registry.service("slow").orElseThrow()).allMatch(InstanceHealth::healthy);
            clock.advance(Duration.ofSeconds(16));
            assertThat(registry.service("slow").orElseThrow()).noneMatch(InstanceHealth::healthy);
        }

        @Test
        void aMassExpiryIsHeldNotPublishedAsReal() throws Exception {
            List<String> ids = List.of(register("orders", "10.0.0.1"), register("orders", "10.0.0.2"),
                    register("orders", "10.0.0.3"), register("orders", "10.0.0.4"));
            clock.advance(Duration.ofSeconds(1));
            registry.heartbeat(ids.get(2));
            registry.heartbeat(ids.get(3));
            clock.advance(TTL.plusMillis(1)); // every heartbeat stopped at once

            registry.sweep();
            Map<String, HealthState> states = states("orders");
            assertThat(states).as("the two with the oldest heartbeat expire, half of four; the rest are held")
                    .containsEntry(ids.get(0), HealthState.EXPIRED).containsEntry(ids.get(1), HealthState.EXPIRED)
                    .containsEntry(ids.get(2), HealthState.HELD).containsEntry(ids.get(3), HealthState.HELD);
            assertThat(registry.snapshot().instances("orders")).filteredOn(InstanceHealth::healthy).hasSize(2);
            assertThat(counted("hold")).isEqualTo(2);
            assertThat(counted("expire")).isEqualTo(2);
            delivered();
            assertThat(meters.get("banyan.registry.held.instances").tags("service", "orders").gauge().value()).isEqualTo(2);

            registry.heartbeat(ids.get(2));
            assertThat(states("orders")).containsEntry(ids.get(2), HealthState.HEALTHY);
            assertThat(counted("recover")).isEqualTo(1);
            delivered();
            assertThat(meters.get("banyan.registry.held.instances").tags("service", "orders").gauge().value()).isEqualTo(1);
        }

        @Test
        void oneRealDeathAmongTwoInstancesMovesTraffic() {
            String dead = register("orders", "10.0.0.1");
            String alive = register("orders", "10.0.0.2");
            clock.advance(TTL.plusMillis(1));
            registry.heartbeat(alive);
            assertThat(states("orders")).containsEntry(dead, HealthState.EXPIRED).containsEntry(alive, HealthState.HEALTHY);
            assertThat(counted("hold")).isZero();
        }

        @Test
        void theOnlyInstanceOfAServiceExpires() {
            String only = register("orders", "10.0.0.1");
            clock.advance(TTL.plusMillis(1));
            assertThat(states("orders")).containsEntry(only, HealthState.EXPIRED);
        }

        @Test
        void aDeregistrationIsNeverHeld() {
            String a = register("orders", "10.0.0.1");
            String b = register("orders", "10.0.0.2");
            clock.advance(TTL.plusMillis(1));
            registry.sweep();
            assertThat(states("orders").values()).containsExactlyInAnyOrder(HealthState.EXPIRED, HealthState.HELD);
            assertThat(registry.deregister(a)).isPresent();
            assertThat(registry.deregister(b)).isPresent();
            assertThat(registry.service("orders").orElseThrow()).isEmpty();
        }

        @Test
        void thresholdOneDisablesSelfPreservation() {
            reopenWith(new RegistryRules(Duration.ZERO, 1, Duration.ofMinutes(5)));
            register("orders", "10.0.0.1");
            register("orders", "10.0.0.2");
            clock.advance(TTL.plusMillis(1));
            assertThat(states("orders").values()).containsOnly(HealthState.EXPIRED);
        }

        @Test
        void whileTheStoreCannotWriteReapingWaitsAndExpiryIsStillPublished() throws Exception {
            String lone = register("payments", "10.0.0.3");
            clock.advance(TTL.plusMillis(1));
            registry.sweep();
            clock.advance(RULES.reapAfter().minus(TTL));
            String fresh = register("orders", "10.0.0.1");
            Path blocker = StoreFiles.blockVersionMark(dir);
            store.services().put("probe", new StoredService("probe", Instant.EPOCH)); // commits, then unavailable
            assertThat(store.available()).isFalse();

            clock.advance(TTL.plusMillis(1)); // lone is past its reap period, fresh past its TTL
            registry.sweep();
            assertThat(registry.get(lone)).as("not reaped while the store cannot write").isPresent();
            assertThat(registry.snapshot().instances("orders")).as("the expiry is published")
                    .singleElement().satisfies(health -> assertThat(health.healthy()).isFalse());
            assertThat(states("orders")).containsEntry(fresh, HealthState.EXPIRED);

            Files.delete(blocker);
            await().atMost(10, TimeUnit.SECONDS).until(store::available);
            registry.sweep();
            assertThat(registry.get(lone)).as("reaped once the store takes writes again").isEmpty();
        }

        @Test
        void expiredAndHeldInstancesAreReapedAfterTheReapPeriod() {
            String a = register("orders", "10.0.0.1");
            String b = register("orders", "10.0.0.2");
            String lone = register("payments", "10.0.0.3");
            clock.advance(Duration.ofSeconds(1));
            registry.heartbeat(b);
            clock.advance(TTL.plusMillis(1));
            assertThat(states("orders")).containsEntry(a, HealthState.EXPIRED).containsEntry(b, HealthState.HELD);

            clock.advance(RULES.reapAfter().minusSeconds(1).minusMillis(1)); // a and lone: TTL + reap period ago exactly
            registry.sweep();
            assertThat(registry.get(lone)).as("expired exactly the reap period ago: not yet").isPresent();
            clock.advance(Duration.ofMillis(1));
            registry.sweep();
            assertThat(registry.get(lone)).isEmpty();
            assertThat(registry.get(a)).isEmpty();
            assertThat(store.instances().get(lone)).as("gone from the store too").isEmpty();
            assertThat(registry.heartbeat(lone)).as("its agent is told to register again").isEmpty();
            assertThat(states("orders")).as("held stays held when the count changes").containsOnly(Map.entry(b, HealthState.HELD));

            clock.advance(Duration.ofSeconds(1));
            registry.sweep();
            assertThat(registry.get(b)).as("held up to the reap period, not forever").isEmpty();
            assertThat(counted("reap")).isEqualTo(3);
            restart();
            assertThat(registry.service("orders").orElseThrow()).as("not restored after a restart").isEmpty();
        }

        @Test
        void rulesSayWhatWasExpected() {
            assertThatThrownBy(() -> new RegistryRules(Duration.ofSeconds(-1), 0.5, null))
                    .hasMessage("startup-grace: PT-1S (expected: >= 0)");
            assertThatThrownBy(() -> new RegistryRules(null, 1.5, null))
                    .hasMessage("self-preservation-threshold: 1.5 (expected: > 0 and <= 1; 1 disables self-preservation)");
            assertThatThrownBy(() -> new RegistryRules(null, 0, null))
                    .hasMessageStartingWith("self-preservation-threshold: 0.0 (expected");
            assertThatThrownBy(() -> new RegistryRules(null, 0.5, Duration.ZERO))
                    .hasMessage("reap-after: PT0S (expected: > 0)");
            assertThat(RegistryRules.DEFAULT).isEqualTo(new RegistryRules(Duration.ofSeconds(30), 0.5, Duration.ofMinutes(15)));
        }
    }
}
