package io.banyan.bench.xds;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Measures each change from the write's acknowledgement to the moment the last affected node ACKed a response that
 * reflects it. A change is registered ({@link #expect}) before its write is sent, with its affected nodes fixed then
 * ({@link AffectedNodes}); every node's ACK ({@link #applied}) checks the changes that still wait for that node. A
 * node may get there before the write's answer: its latency is then 0.
 */
public final class ConvergenceTracker {

    private final List<? extends NodeView> nodes;
    private final Consumer<Change> settled;
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final Latencies latencies = new Latencies();
    private final LongAdder completed = new LongAdder();
    private final LongAdder expired = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder affected = new LongAdder();
    private final LongAdder expiredWaiting = new LongAdder();

    /** @param settled told of each change once it completed, expired or failed (e.g. to free its instance) */
    public ConvergenceTracker(List<? extends NodeView> nodes, Consumer<Change> settled) {
        this.nodes = Objects.requireNonNull(nodes, "nodes");
        this.settled = Objects.requireNonNull(settled, "settled");
    }

    /** A change about to be written; its affected nodes are those of now. */
    public Pending expect(Change change) {
        List<Integer> targets = AffectedNodes.of(change.service(), nodes);
        Pending entry = new Pending(ids.incrementAndGet(), change, targets);
        affected.add(targets.size());
        pending.put(entry.id, entry);
        return entry;
    }

    /** The write was acknowledged at {@code nanos}. */
    public void acknowledged(Pending entry, long nanos) {
        entry.ackNanos = nanos;
        tryComplete(entry);
    }

    /** The write failed: nothing to wait for. */
    public void writeFailed(Pending entry) {
        if (entry.done.compareAndSet(false, true)) {
            pending.remove(entry.id);
            failed.increment();
            settled.accept(entry.change);
        }
    }

    /** Node {@code index} ACKed a response at {@code nanos}. */
    public void applied(int index, long nanos) {
        NodeView node = nodes.get(index);
        for (Pending entry : pending.values()) {
            if (entry.waiting.contains(index) && entry.change.expectation().metBy(node)) {
                entry.reachedNanos.accumulateAndGet(nanos, Math::max);
                entry.waiting.remove(index);
                tryComplete(entry);
            }
        }
    }

    /** Gives up on acknowledged changes older than {@code timeoutNanos} at {@code nowNanos}. */
    public void expire(long nowNanos, long timeoutNanos) {
        for (Pending entry : pending.values()) {
            long ack = entry.ackNanos;
            if (ack >= 0 && nowNanos - ack > timeoutNanos && entry.done.compareAndSet(false, true)) {
                pending.remove(entry.id);
                expired.increment();
                expiredWaiting.add(entry.waiting.size());
                settled.accept(entry.change);
            }
        }
    }

    public int pendingCount() {
        return pending.size();
    }

    private void tryComplete(Pending entry) {
        if (entry.ackNanos >= 0 && entry.waiting.isEmpty() && entry.done.compareAndSet(false, true)) {
            pending.remove(entry.id);
            long reached = entry.reachedNanos.get();
            latencies.recordNanos(reached == Long.MIN_VALUE ? 0 : reached - entry.ackNanos);
            completed.increment();
            settled.accept(entry.change);
        }
    }

    public Result result() {
        long written = completed.sum() + expired.sum();
        return new Result(completed.sum(), expired.sum(), failed.sum(), expiredWaiting.sum(),
                written == 0 ? 0 : affected.sum() / (double) (written + failed.sum()), latencies.summarize());
    }

    /**
     * @param affectedPerChange mean affected nodes per change
     * @param expiredWaiting    affected nodes that never got an expired change, summed
     */
    public record Result(long completed, long expired, long failed, long expiredWaiting, double affectedPerChange,
                         Latencies.Summary latency) {
    }

    /** A change on its way. */
    public static final class Pending {
        private final long id;
        private final Change change;
        private final Set<Integer> waiting = ConcurrentHashMap.newKeySet();
        private final AtomicLong reachedNanos = new AtomicLong(Long.MIN_VALUE);
        private final AtomicBoolean done = new AtomicBoolean();
        private volatile long ackNanos = -1;

        private Pending(long id, Change change, List<Integer> targets) {
            this.id = id;
            this.change = change;
            waiting.addAll(targets);
        }

        public Change change() {
            return change;
        }

        public int affected() {
            return waiting.size();
        }
    }
}
