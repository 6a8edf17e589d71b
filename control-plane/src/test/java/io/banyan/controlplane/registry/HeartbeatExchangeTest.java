package io.banyan.controlplane.registry;

import io.banyan.controlplane.store.Store;
import io.banyan.controlplane.store.StoreUnavailableException;
import io.banyan.controlplane.store.StoredHeartbeats;
import io.banyan.primitives.json.JsonMappers;
import io.banyan.testkit.time.FakeClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The heartbeat exchange's flush, on a fake clock: bounded in bytes, the most recent heartbeats first, the rest carried
 * to the next flush; a flush whose write fails keeps its heartbeats for the next (a newer one of the same instance
 * wins).
 */
class HeartbeatExchangeTest {

    private final FakeClock clock = new FakeClock();
    private final List<StoredHeartbeats> written = new ArrayList<>();
    /** The heartbeats received since the last flush (what the registry's drain hands out). */
    private final Map<String, Instant> received = new HashMap<>();
    private boolean failNext;

    @TempDir
    Path dir;
    private Store store;
    private Registry registry;
    private final List<String> ids = new ArrayList<>();

    @BeforeEach
    void open() {
        store = Store.open(dir);
        registry = new Registry(store, clock, new SimpleMeterRegistry());
        for (int i = 0; i < 5; i++) {
            ids.add("instance-" + i);
        }
    }

    @AfterEach
    void close() {
        registry.close();
        store.close();
    }

    /** An exchange whose flush holds three heartbeats' worth of bytes. */
    private HeartbeatExchange exchange() {
        long threeBeats = HeartbeatExchange.jsonBytes(ids.get(0)) * 3;
        return new HeartbeatExchange(registry, store, clock, Duration.ofSeconds(1), () -> {
            Map<String, Instant> drained = Map.copyOf(received);
            received.clear();
            return drained;
        }, entry -> {
            if (failNext) {
                failNext = false;
                throw new StoreUnavailableException("store unavailable: no quorum");
            }
            written.add(entry);
        }, threeBeats);
    }

    /** Heartbeats ids 0..4 one second apart: id 4 is the most recent. */
    private Map<String, Instant> heartbeatAll() {
        for (String id : ids) {
            clock.advance(Duration.ofSeconds(1));
            received.put(id, clock.instant());
        }
        return Map.of(ids.get(0), at(-4), ids.get(1), at(-3), ids.get(2), at(-2), ids.get(3), at(-1),
                ids.get(4), at(0));
    }

    private Instant at(int seconds) {
        return clock.instant().plusSeconds(seconds);
    }

    @Test
    void aFlushIsBoundedInBytesTheMostRecentFirstTheRestCarried() {
        HeartbeatExchange exchange = exchange();
        Map<String, Instant> all = heartbeatAll();

        exchange.flush();
        assertThat(written).singleElement().extracting(StoredHeartbeats::heartbeats).isEqualTo(Map.of(
                ids.get(2), all.get(ids.get(2)), ids.get(3), all.get(ids.get(3)), ids.get(4), all.get(ids.get(4))));
        assertThat(exchange.carried()).isEqualTo(2);

        exchange.flush();
        assertThat(written.get(1).heartbeats()).isEqualTo(Map.of(
                ids.get(0), all.get(ids.get(0)), ids.get(1), all.get(ids.get(1))));
        assertThat(exchange.carried()).isZero();

        exchange.flush();
        assertThat(written).as("nothing left, nothing written").hasSize(2);
    }

    @Test
    void theHeartbeatsOfAFailedFlushAreWrittenByTheNextUnlessNewerCame() {
        HeartbeatExchange exchange = exchange();
        Map<String, Instant> all = heartbeatAll();
        failNext = true;

        assertThatThrownBy(exchange::flush).isInstanceOf(StoreUnavailableException.class);
        assertThat(written).isEmpty();
        assertThat(exchange.carried()).as("all put back").isEqualTo(5);

        clock.advance(Duration.ofSeconds(1));
        received.put(ids.get(0), clock.instant()); // newer than the one that failed to go
        exchange.flush();
        assertThat(written).singleElement().extracting(StoredHeartbeats::heartbeats).isEqualTo(Map.of(
                ids.get(0), clock.instant(), ids.get(3), all.get(ids.get(3)), ids.get(4), all.get(ids.get(4))));
        exchange.flush();
        assertThat(written.get(1).heartbeats()).isEqualTo(Map.of(
                ids.get(1), all.get(ids.get(1)), ids.get(2), all.get(ids.get(2))));
        assertThat(exchange.carried()).isZero();
    }

    @Test
    void aReplicaWithNoHeartbeatsStillWritesItsEntrySoThatItIsNotTakenForGone() {
        HeartbeatExchange exchange = exchange();

        exchange.flush();
        assertThat(written).as("the first flush says this replica is here").singleElement()
                .extracting(StoredHeartbeats::heartbeats).isEqualTo(Map.of());
        clock.advance(Duration.ofSeconds(HeartbeatExchange.LIVENESS_INTERVALS - 1));
        exchange.flush();
        assertThat(written).as("not yet due").hasSize(1);
        clock.advance(Duration.ofSeconds(1));
        exchange.flush();
        assertThat(written).as("due: an empty entry again").hasSize(2);
        assertThat(written.get(1).heartbeats()).isEmpty();
        assertThat(written.get(1).writtenAt()).isEqualTo(clock.instant());
    }

    @Test
    void anotherReplicasFlushIsTakenAsToldNotOnlyAsTheMapsLatest() throws Exception {
        HeartbeatExchange exchange = exchange();
        String id = registry.register(Registration.builder().service("orders").host("h").port(1).ttlSeconds(30L)
                .build()).instance().id();
        clock.advance(Duration.ofSeconds(5));
        Instant beat = clock.instant();
        StoredHeartbeats told = new StoredHeartbeats("replica-b", beat, Map.of(id, beat));
        // by the time the follower runs, replica-b's next flush (without this instance) is the map's entry
        clock.advance(Duration.ofSeconds(1));
        store.heartbeats().put("replica-b", new StoredHeartbeats("replica-b", clock.instant(), Map.of()));

        exchange.changed("heartbeats", "replica-b",
                JsonMappers.withIsoTimes(JsonMappers.lenient()).writeValueAsString(told));

        assertThat(registry.get(id).orElseThrow().lastHeartbeat()).isEqualTo(beat);
    }
}
