package io.banyan.controlplane.rollout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.banyan.controlplane.revision.ConfigKind;
import io.banyan.controlplane.store.DurableMap;
import io.banyan.controlplane.store.Store;
import io.banyan.controlplane.store.StoreException;
import io.banyan.controlplane.store.StoredRollout;
import io.banyan.primitives.json.JsonMappers;
import io.banyan.primitives.time.Durations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The staged rollouts in the store's {@code rollouts} map, by id: written when the canaries are chosen and when the
 * rollout finishes, so that a restart knows which were baking (and reverts them) and keeps the finished ones'
 * history. The value a baking rollout shows the other nodes is not kept: it is the revision's {@code before}.
 */
final class RolloutJournal {

    private static final Logger log = LoggerFactory.getLogger(RolloutJournal.class);
    /** The stable view of a rollout read back: it shows nothing (a restored one is finished, or reverted first). */
    static final StableValue NOTHING = view -> view;

    /** The persisted JSON of one rollout. */
    record Saved(String id, long revision, String kind, String object, String state, List<String> canary,
                 Instant startedAt, Instant bakeUntil, String reason, Double canaryPercent, List<String> nodes,
                 String bake, double maxErrorRateIncrease, long minRequests) {
    }

    private final DurableMap<StoredRollout> map;
    private final Clock clock;
    /** This replica's name: written in each record it saves (the rollouts it stages are decided here). */
    private final String replica;
    private final ObjectMapper json = JsonMappers.withIsoTimes(JsonMappers.lenient());

    RolloutJournal(Store store, Clock clock) {
        this.map = store.rollouts();
        this.clock = clock;
        this.replica = store.replica();
    }

    void save(RolloutRecord r) {
        Rollout asked = r.rollout();
        Saved saved = new Saved(r.id(), r.revision(), r.kind().wireName(), r.object(), r.state().wireName(),
                r.canary(), r.startedAt(), r.bakeUntil(), r.reason(), asked.canaryPercent(), asked.nodes(),
                Durations.format(asked.bake()), asked.maxErrorRateIncrease(), asked.minRequests());
        try {
            map.put(r.id(), new StoredRollout(r.id(), r.revision(), r.state().wireName(),
                    json.writeValueAsString(saved), clock.instant(), replica));
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot encode rollout '" + r.id() + "'", e);
        }
    }

    void remove(Collection<String> ids) {
        if (!ids.isEmpty()) {
            map.removeAll(ids);
        }
    }

    /**
     * Takes {@code stored} (a baking rollout of another replica) over: rewrites it naming this replica, only if the
     * store still holds it as it is (an If-Match on the record); false when another replica changed or took it first.
     */
    boolean claim(StoredRollout stored) {
        return map.replace(stored.id(), stored, new StoredRollout(stored.id(), stored.revision(), stored.state(),
                stored.json(), clock.instant(), replica));
    }

    /** The store's name of the map (what a follower is told). */
    String mapName() {
        return map.name();
    }

    /** This replica's name, as its records name it. */
    String replica() {
        return replica;
    }

    /** Rollout {@code id} as the store holds it now (another replica may have finished it since it was loaded). */
    Optional<StoredRollout> stored(String id) {
        return map.get(id);
    }

    /** {@code stored} read back as a record (empty, logged, when it cannot be read). */
    Optional<RolloutRecord> record(StoredRollout stored) {
        return read(stored);
    }

    /** Every rollout kept, oldest revision first; unreadable ones are logged and left out. */
    List<RolloutRecord> load() {
        return map.values().stream().sorted(Comparator.comparingLong(StoredRollout::revision))
                .map(this::read).flatMap(Optional::stream).toList();
    }

    private Optional<RolloutRecord> read(StoredRollout stored) {
        try {
            Saved s = json.readValue(stored.json(), Saved.class);
            Rollout asked = new Rollout(s.canaryPercent(), s.nodes(), Durations.parse(s.bake()),
                    s.maxErrorRateIncrease(), s.minRequests());
            ConfigKind kind = ConfigKind.of(s.kind()).orElseThrow(() -> new IllegalArgumentException("kind: "
                    + s.kind()));
            return Optional.of(new RolloutRecord(s.id(), s.revision(), kind, s.object(), asked, NOTHING,
                    RolloutState.valueOf(s.state().toUpperCase(Locale.ROOT)), s.canary(), s.startedAt(),
                    s.bakeUntil(), s.reason(), Map.of()));
        } catch (JsonProcessingException | RuntimeException e) {
            log.error("rollout '{}' in the store cannot be read, left out: {}", stored.id(), e.getMessage());
            return Optional.empty();
        }
    }
}
