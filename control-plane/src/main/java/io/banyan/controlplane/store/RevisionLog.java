package io.banyan.controlplane.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The revisions of the mesh configuration: the map {@code revisions} (key: the number zero-padded to 19 digits, so
 * keys sort by number; value: a {@link StoredRevision}) and the map {@code revision-counter} (key {@code last}: the
 * last number given), and the map {@code revision-heads} (key {@code kind/object}: the revision that last wrote an
 * object that exists, its ETag; bounded by the objects that exist). {@link #append} numbers a revision and writes it in the same commit as its change, so neither
 * exists without the other; numbers start at 1 and are never reused. At most {@link #MAX_REVISIONS} are kept, taking
 * at most {@link #MAX_BYTES} characters together: the oldest are dropped in the commit that writes one more (the
 * newest is always kept, whatever its size).
 */
public final class RevisionLog {

    public static final int MAX_REVISIONS = 10_000;
    /** The characters all kept revisions may take together (each holds its object before and after). */
    public static final long MAX_BYTES = 64L * 1024 * 1024;
    static final String MAP = "revisions";
    static final String COUNTER_MAP = "revision-counter";
    static final String HEADS_MAP = "revision-heads";
    private static final String LAST = "last";
    private static final String BYTES = "bytes";

    private final Store store;
    private final DurableMap<StoredRevision> revisions;
    private final int max;
    private final long maxBytes;

    RevisionLog(Store store, DurableMap<StoredRevision> revisions, int max, long maxBytes) {
        this.store = store;
        this.revisions = revisions;
        this.max = max;
        this.maxBytes = maxBytes;
    }

    /**
     * Writes {@code change} and {@code revision} under the next number in one commit; returns the numbered revision.
     * A counter that cannot be read refuses the write (no change without its revision).
     */
    public StoredRevision append(StoredRevision revision, StoreBatch change) {
        return append(revision, change, maps -> { });
    }

    /**
     * {@link #append} once {@code precondition} accepts the maps as the write sees them (it throws to refuse: nothing
     * is written). It runs inside the write, so on etcd it is checked again whenever the write is re-run after losing a
     * race, and what it reads is compared in the write's transaction: the check is exact across replicas.
     */
    public StoredRevision append(StoredRevision revision, StoreBatch change, Consumer<Heads> precondition) {
        return append(seen -> revision, change, precondition);
    }

    /**
     * {@link #append(StoredRevision, StoreBatch, Consumer)} with the revision made inside the write from the maps as
     * the write sees them before its change ({@code before}, action): a write re-run after losing a race makes it
     * again, so the revision records what the change really replaced.
     */
    public StoredRevision append(Function<Seen, StoredRevision> revision, StoreBatch change,
            Consumer<Heads> precondition) {
        return store.writeMaps(numbering(revision, change, precondition));
    }

    /**
     * {@link #append} without waiting for the disk: applied (and numbered) now, the future completes once its group
     * commit is synced, or fails with it.
     */
    public CompletableFuture<StoredRevision> appendLater(StoredRevision revision, StoreBatch change) {
        return appendLater(revision, change, maps -> { });
    }

    /** {@link #append(StoredRevision, StoreBatch, Consumer)} without waiting for the write to be durable. */
    public CompletableFuture<StoredRevision> appendLater(StoredRevision revision, StoreBatch change,
            Consumer<Heads> precondition) {
        return store.writeMapsLater(numbering(seen -> revision, change, precondition));
    }

    /**
     * {@link #append(Function, StoreBatch, Consumer)} of several revisions (of different objects) in one commit with
     * {@code change}: all or none; numbered in order. A revision made null is not written; when none is made, nothing
     * is (an empty list).
     */
    public List<StoredRevision> appendAll(List<Function<Seen, StoredRevision>> revisions, StoreBatch change,
            Consumer<Heads> precondition) {
        return store.writeMaps(numbering(revisions, change, precondition));
    }

    /** {@link #append(Function, StoreBatch, Consumer)} without waiting for the write to be durable. */
    public CompletableFuture<StoredRevision> appendLater(Function<Seen, StoredRevision> revision, StoreBatch change,
            Consumer<Heads> precondition) {
        return store.writeMapsLater(numbering(revision, change, precondition));
    }

    /** The heads (ETags) as a write sees them, for its precondition. */
    @FunctionalInterface
    public interface Heads {
        /** The revision that last wrote {@code kind}/{@code object} while it exists (0: none), as this write sees it. */
        long head(String kind, String object);
    }

    /** The maps as a write sees them when it runs, before its change: the heads, and any map's current value. */
    public interface Seen extends Heads {
        /** The value of {@code key} in {@code map} as this write sees it (empty: absent or unreadable). */
        <V> Optional<V> get(DurableMap<V> map, String key);
    }

    private Function<StoreMaps, StoredRevision> numbering(Function<Seen, StoredRevision> revision, StoreBatch change,
            Consumer<Heads> checked) {
        Function<StoreMaps, List<StoredRevision>> all = numbering(List.of(revision), change, checked);
        return maps -> {
            List<StoredRevision> numbered = all.apply(maps);
            return numbered.isEmpty() ? null : numbered.get(0);
        };
    }

    /**
     * The write of {@code change} with the revisions {@code made} from the maps as it sees them, numbered in order,
     * once {@code checked} accepts them. A revision made null is not written; when none is made, nothing is (not even
     * {@code change}).
     */
    private Function<StoreMaps, List<StoredRevision>> numbering(List<Function<Seen, StoredRevision>> made,
            StoreBatch change, Consumer<Heads> checked) {
        return maps -> {
            Seen seen = new Seen() {
                @Override
                public long head(String kind, String object) {
                    return parseHead(maps.get(HEADS_MAP, headKey(kind, object)));
                }

                @Override
                public <V> Optional<V> get(DurableMap<V> map, String key) {
                    String text = maps.get(map.name(), key);
                    return text == null ? Optional.empty() : map.decode(key, text);
                }
            };
            checked.accept(seen);
            List<StoredRevision> revisions = new ArrayList<>();
            for (Function<Seen, StoredRevision> revision : made) {
                StoredRevision one = revision.apply(seen);
                if (one != null) {
                    revisions.add(one);
                }
            }
            if (revisions.isEmpty()) {
                return List.of();
            }
            SortedView log = maps.reading(MAP);
            long number = last(log, maps.get(COUNTER_MAP, LAST));
            long bytes = bytes(log, maps.get(COUNTER_MAP, BYTES));
            change.applyTo(maps);
            List<StoredRevision> written = new ArrayList<>();
            for (StoredRevision revision : revisions) {
                StoredRevision numbered = revision.numbered(++number);
                String encoded = this.revisions.encode(key(number), numbered);
                bytes += encoded.length();
                maps.put(MAP, key(number), encoded);
                if (numbered.after() == null) {
                    maps.remove(HEADS_MAP, headKey(numbered.kind(), numbered.object()));
                } else {
                    maps.put(HEADS_MAP, headKey(numbered.kind(), numbered.object()), Long.toString(number));
                }
                written.add(numbered);
            }
            maps.put(COUNTER_MAP, LAST, Long.toString(number));
            while (log.size() > max || (bytes > maxBytes && log.size() > 1)) {
                String oldest = log.firstKey();
                bytes -= maps.remove(MAP, oldest).length();
            }
            maps.put(COUNTER_MAP, BYTES, Long.toString(bytes));
            return List.copyOf(written);
        };
    }

    /** The last number given (0 before the first revision). */
    public long last() {
        return last(store.map(MAP), store.map(COUNTER_MAP).get(LAST));
    }

    /**
     * The revision that last wrote the object {@code kind}/{@code object} while it exists; 0 when it does not, or
     * was last written before revisions (its ETag).
     */
    public long head(String kind, String object) {
        return parseHead(store.map(HEADS_MAP).get(headKey(kind, object)));
    }

    private static long parseHead(String text) {
        return text == null ? 0 : Long.parseLong(text);
    }

    /** Revision {@code number}, if it is kept. */
    public Optional<StoredRevision> get(long number) {
        return number < 1 ? Optional.empty() : revisions.get(key(number));
    }

    /** Up to {@code limit} kept revisions that {@code filter} accepts, newest first. */
    public List<StoredRevision> newestFirst(Predicate<StoredRevision> filter, int limit) {
        List<StoredRevision> found = new ArrayList<>();
        SortedView log = store.map(MAP);
        String key = log.lastKey();
        while (key != null && found.size() < limit) {
            String text = log.get(key);
            if (text != null) {
                revisions.decode(key, text).filter(filter).ifPresent(found::add);
            }
            key = log.lowerKey(key);
        }
        return List.copyOf(found);
    }

    /** The newest kept revision that {@code filter} accepts. */
    public Optional<StoredRevision> newest(Predicate<StoredRevision> filter) {
        return newestFirst(filter, 1).stream().findFirst();
    }

    private static String headKey(String kind, String object) {
        return kind + "/" + object;
    }

    static String key(long number) {
        return String.format("%019d", number);
    }

    /** The characters the kept revisions take: the running sum, counted once from the log when it is not kept yet. */
    private static long bytes(SortedView log, String text) {
        if (text != null && text.chars().allMatch(Character::isDigit) && !text.isEmpty() && text.length() < 19) {
            return Long.parseLong(text);
        }
        long sum = 0;
        for (Map.Entry<String, String> entry : log.entries()) {
            sum += entry.getValue().length();
        }
        return sum;
    }

    /** The counter, never below the newest kept revision (a counter lost with --recover does not reuse numbers). */
    private static long last(SortedView log, String text) {
        long last;
        try {
            last = text == null ? 0 : Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new StoreException(COUNTER_MAP + ": '" + text + "' (expected: the last revision number);"
                    + " writes are refused until it is repaired", e);
        }
        String newest = log.lastKey();
        return newest == null ? last : Math.max(last, Long.parseLong(newest));
    }
}
