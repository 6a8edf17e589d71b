package io.banyan.controlplane.revision;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.banyan.controlplane.metrics.MetricNames;
import io.banyan.controlplane.store.DurableMap;
import io.banyan.controlplane.store.RevisionLog;
import io.banyan.controlplane.store.Store;
import io.banyan.controlplane.store.StoreBatch;
import io.banyan.controlplane.store.StoreException;
import io.banyan.controlplane.store.StoredRevision;
import io.banyan.primitives.json.JsonMappers;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Records every write to the mesh configuration as a revision, in the same commit as the write
 * ({@link RevisionLog#append}), checking the writer's {@code If-Match} against the object's ETag inside that write (so
 * that the check and the write see the same ETag, on etcd across replicas too); reads them back.
 */
public final class Revisions {

    /** The author of the first revision of an object stored before revisions existed ({@link #adopt}). */
    public static final String BASELINE = "baseline";

    private static final Logger logger = LoggerFactory.getLogger(Revisions.class);

    private final RevisionLog log;
    private final Clock clock;
    private final ObjectMapper json = JsonMappers.lenient();
    private final Map<ConfigKind, Counter> written = new EnumMap<>(ConfigKind.class);

    public Revisions(Store store, Clock clock, MeterRegistry meters) {
        this.log = store.revisions();
        this.clock = Objects.requireNonNull(clock, "clock");
        for (ConfigKind kind : ConfigKind.values()) {
            written.put(kind, Counter.builder(MetricNames.CONFIG_REVISIONS)
                    .description("Revisions of the mesh configuration written, by kind")
                    .tag("kind", kind.wireName()).register(meters));
        }
    }

    /** The object's ETag: the revision that last wrote it, 0 when it does not exist or predates revisions. */
    public long etag(ConfigKind kind, String object) {
        return log.head(kind.wireName(), object);
    }

    /** Throws {@link StaleETagException} (412) unless {@code by}'s If-Match allows the object's ETag now. */
    public void check(ConfigKind kind, String object, ConfigWrite by) {
        by.check(etag(kind, object));
    }

    /** Checks {@code by}'s If-Match, then writes {@code batch} and the change's revision in one commit. */
    public StoredRevision write(ConfigChange change, ConfigWrite by, StoreBatch batch) {
        StoredRevision written = log.append(unnumbered(change, by), batch, checking(change, by));
        this.written.get(change.kind()).increment();
        return written;
    }

    /**
     * {@link #write} with the change made inside the store's write from the maps as it sees them ({@code before} and
     * the action: on etcd made again when the write is re-run after losing a race, so the revision records what the
     * write really replaced). The change must be of {@code kind}/{@code object}.
     */
    public StoredRevision write(ConfigKind kind, String object, Function<RevisionLog.Seen, ConfigChange> change,
                                ConfigWrite by, StoreBatch batch) {
        StoredRevision written = log.append(made(kind, object, change, by), batch,
                heads -> by.check(heads.head(kind.wireName(), object)));
        this.written.get(kind).increment();
        return written;
    }

    /** One object's change in a write of several ({@link #write(List, StoreBatch)}), on {@code by}'s If-Match. */
    public record Write(ConfigKind kind, String object, Function<RevisionLog.Seen, ConfigChange> change,
                        ConfigWrite by) {
        public Write {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(object, "object");
            Objects.requireNonNull(change, "change");
            Objects.requireNonNull(by, "by");
        }
    }

    /**
     * Writes {@code batch} with one revision per write (of different objects), numbered in order, in one store write:
     * every If-Match is checked inside it, and all are written or none. Returns the revisions in order.
     */
    public List<StoredRevision> write(List<Write> writes, StoreBatch batch) {
        List<Function<RevisionLog.Seen, StoredRevision>> made = writes.stream()
                .map(one -> made(one.kind(), one.object(), one.change(), one.by())).toList();
        List<StoredRevision> written = log.appendAll(made, batch, heads -> writes.forEach(one ->
                one.by().check(heads.head(one.kind().wireName(), one.object()))));
        writes.forEach(one -> this.written.get(one.kind()).increment());
        return written;
    }

    /** {@link #write(ConfigKind, String, Function, ConfigWrite, StoreBatch)} without waiting for the disk. */
    public CompletableFuture<StoredRevision> writeLater(ConfigKind kind, String object,
            Function<RevisionLog.Seen, ConfigChange> change, ConfigWrite by, StoreBatch batch) {
        CompletableFuture<StoredRevision> written = log.appendLater(made(kind, object, change, by), batch,
                heads -> by.check(heads.head(kind.wireName(), object)));
        this.written.get(kind).increment();
        return written;
    }

    /**
     * The change of {@code kind}/{@code object} that replaces {@code map}'s value at {@code key} as a write sees it
     * ({@link RevisionLog.Seen}), for {@link #write(ConfigKind, String, Function, ConfigWrite, StoreBatch)}: its
     * {@code before} is that value's JSON ({@code json}; null: none), its action {@code action}, or when null the put
     * over {@code before} ({@code after} given: create or update) or the delete ({@code after} null). Made again when
     * the write is re-run after losing a race, so the revision records what the write really replaced.
     */
    public static <V> Function<RevisionLog.Seen, ConfigChange> replacing(ConfigKind kind, String object,
            DurableMap<V> map, String key, Function<? super V, JsonNode> json, RevisionAction action, JsonNode after) {
        return seen -> {
            JsonNode before = seen.get(map, key).map(json).orElse(null);
            RevisionAction made = action != null ? action
                    : after == null ? RevisionAction.DELETE : RevisionAction.putOver(before);
            return new ConfigChange(kind, object, made, before, after);
        };
    }

    /** The revision made inside the write by {@code change}, which must be of {@code kind}/{@code object}. */
    private Function<RevisionLog.Seen, StoredRevision> made(ConfigKind kind, String object,
            Function<RevisionLog.Seen, ConfigChange> change, ConfigWrite by) {
        return seen -> {
            ConfigChange made = change.apply(seen);
            if (made.kind() != kind || !made.object().equals(object)) {
                throw new IllegalArgumentException("change of " + made.kind().wireName() + " '" + made.object()
                        + "' (expected: of " + kind.wireName() + " '" + object + "')");
            }
            return unnumbered(made, by);
        };
    }

    /**
     * {@link #write} without waiting for the disk: checked and applied in order (a later write sees its ETag), the future
     * completes once the store's group commit that covers it is synced, or fails with it.
     */
    public CompletableFuture<StoredRevision> writeLater(ConfigChange change, ConfigWrite by, StoreBatch batch) {
        CompletableFuture<StoredRevision> written = log.appendLater(unnumbered(change, by), batch, checking(change, by));
        this.written.get(change.kind()).increment();
        return written;
    }

    /**
     * The If-Match check as part of the write itself: run inside the store's change, so that on etcd it is made again
     * when the write is re-run after losing a race, and the head it read is compared in the transaction.
     */
    private static Consumer<RevisionLog.Heads> checking(ConfigChange change, ConfigWrite by) {
        return heads -> by.check(heads.head(change.kind().wireName(), change.object()));
    }

    private StoredRevision unnumbered(ConfigChange change, ConfigWrite by) {
        return new StoredRevision(0, clock.instant(), by.author(), change.kind().wireName(), change.object(),
                change.action().wireName(), change.before(), change.after(), by.revertOf());
    }

    /**
     * Gives an object stored before revisions existed its first revision: a {@code create} authored {@value #BASELINE}
     * whose {@code after} is the object as stored, so that it has an ETag ({@code If-Match: *} and the ETag of a GET
     * work on it) and its history starts from what was kept. Each book calls this as it loads; an object that has an
     * ETag already, as the write sees it, is left as it is (replicas starting at once write one baseline).
     */
    public void adopt(ConfigKind kind, String object, Supplier<JsonNode> stored) {
        if (etag(kind, object) != 0) {
            return;
        }
        ConfigChange baseline = new ConfigChange(kind, object, RevisionAction.CREATE, null, stored.get());
        try {
            // conditional inside the write: of replicas starting at once, only the first writes a baseline
            StoredRevision written = log.append(seen -> seen.head(kind.wireName(), object) != 0 ? null
                    : unnumbered(baseline, ConfigWrite.by(BASELINE)), new StoreBatch(), heads -> { });
            if (written != null) {
                this.written.get(kind).increment();
            }
        } catch (StoreException e) {
            logger.warn("{} '{}' keeps ETag \"0\" until its next write: its baseline revision could not be stored"
                    + " ({})", kind.wireName(), object, e.getMessage());
        }
    }

    /** The last revision number given (0 before the first). */
    public long last() {
        return log.last();
    }

    /** Revision {@code number}, if it is kept. */
    public Optional<StoredRevision> get(long number) {
        return log.get(number);
    }

    /** Up to {@code limit} revisions, newest first, of {@code kind} (null: any) on {@code service} (null: any). */
    public List<StoredRevision> newestFirst(ConfigKind kind, String service, int limit) {
        return log.newestFirst(revision -> (kind == null || kind.wireName().equals(revision.kind()))
                && (service == null || (service.equals(revision.object()) && serviceScoped(revision.kind()))), limit);
    }

    /** The newest revision that wrote the object, if one is kept. */
    public Optional<StoredRevision> newest(String kind, String object) {
        return log.newest(revision -> revision.kind().equals(kind) && revision.object().equals(object));
    }

    /** The JSON tree of {@code text} (null for null): an object's stored form, as a revision keeps it. */
    public JsonNode tree(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot read the JSON of a configuration object (" + e.getOriginalMessage() + ")",
                    e);
        }
    }

    private static boolean serviceScoped(String kind) {
        return ConfigKind.of(kind).map(ConfigKind::serviceScoped).orElse(false);
    }
}
