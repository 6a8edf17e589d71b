package io.banyan.controlplane.registry;

import io.banyan.controlplane.store.Store;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The registry's rules on a fake clock: startup grace, self-preservation, reaping. TTLs are 10 s. */
class RegistryHealthRulesTest {

    private static final Duration TTL = Duration.ofSeconds(10);
    private static final RegistryRules RULES = new RegistryRules(Duration.ofSeconds(30), 0.5, Duration.ofMinutes(5));

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
        registry = new Registry(store, clock, meters, RULES);
    }

    @AfterEach
    void close() {
        registry.close();
        store.close();
    }

    private void restart() {
        close();
        open();
    }

    private String register(String service, String host) {
        return registry.register(Registration.of(service, host, 8080, null, null, null, TTL.toSeconds(), null, null,
                null, false)).instance().id();
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
        registry.register(Registration.of("slow", "10.0.0.1", 8080, null, null, null, 60L, null, null, null, false));
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
        close();
        store = Store.open(dir);
        registry = new Registry(store, clock, meters, new RegistryRules(Duration.ZERO, 1, Duration.ofMinutes(5)));
        register("orders", "10.0.0.1");
        register("orders", "10.0.0.2");
        clock.advance(TTL.plusMillis(1));
        assertThat(states("orders").values()).containsOnly(HealthState.EXPIRED);
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
