package io.banyan.controlplane.store;

import io.banyan.primitives.time.Durations;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.PutOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The etcd store's writer, one thread: runs the queued writes against the mirror, several into one transaction (a
 * group commit: at most {@link #MAX_OPERATIONS} entries written and compared, {@link #MAX_BYTES} bytes of UTF-8, within
 * etcd's defaults of 128 operations and 1.5 MiB; a write larger than that alone fails at once, unsent), and commits it: {@code if} every entry they read still has the revision it
 * had ({@code mod_revision}, or {@code version 0} when absent) {@code then} their puts and deletes. Committed: the
 * writes are applied to the mirror at the transaction's revision, then the futures complete (read-your-writes). A
 * compare failed (another replica wrote first): once the mirror has caught up with etcd (a read barrier), the
 * writes are re-run one by one, each at most {@link #MAX_ATTEMPTS} times before {@link StoreConflictException}. etcd
 * unreachable or without quorum: the writes fail with {@link StoreUnavailableException} and the store turns
 * unavailable ({@code onUnavailable}).
 */
final class EtcdWriter implements AutoCloseable {

    static final int MAX_OPERATIONS = 120;
    static final long MAX_BYTES = 1024 * 1024;
    static final int MAX_ATTEMPTS = 5;

    private static final Logger log = LoggerFactory.getLogger(EtcdWriter.class);

    /** The backend the writer works for. */
    interface Host {
        /** Told when etcd cannot take writes; returns the exception to fail them with. */
        StoreUnavailableException unavailable(String cause);

        /** Null while writes are taken; else the exception to refuse them with at once. */
        StoreUnavailableException refusal();

        /** Returns once the mirror shows everything etcd committed before the call ({@link Store#sync}). */
        void sync();
    }

    private record Queued<T>(Function<StoreMaps, T> change, CompletableFuture<T> future) {
    }

    /** A write run against the mirror: its result, or what it threw, and what it read and wrote. */
    private record Ran(Queued<?> queued, Object result, RuntimeException failure, EtcdWriteSet set) {
    }

    private final KV kv;
    private final EtcdMirror mirror;
    private final EtcdKeys keys;
    private final Duration timeout;
    private final int maxPending;
    private final Host availability;
    private final Thread thread;
    private final AtomicLong syncs = new AtomicLong();
    private final AtomicLong durableWrites = new AtomicLong();
    /** Guarded by this. */
    private final Deque<Queued<?>> queue = new ArrayDeque<>();
    private boolean closed;
    /** Transactions sent, and resolved (answered or failed): the follower waits for those sent before an event. */
    private long sent;
    private long resolved;

    EtcdWriter(KV kv, EtcdMirror mirror, EtcdKeys keys, Duration timeout, int maxPending, Host availability) {
        this.kv = kv;
        this.mirror = mirror;
        this.keys = keys;
        this.timeout = timeout;
        this.maxPending = maxPending;
        this.availability = availability;
        this.thread = new Thread(this::run, "banyan-store-etcd-writer");
        thread.setDaemon(true);
        thread.start();
    }

    synchronized <T> CompletableFuture<T> submit(Function<StoreMaps, T> change) {
        if (closed) {
            throw new StoreException("store on etcd is closed");
        }
        StoreUnavailableException refused = availability.refusal();
        if (refused != null) {
            throw refused;
        }
        if (queue.size() >= maxPending) {
            throw new StoreUnavailableException("store busy: " + queue.size()
                    + " writes wait for their transaction (expected: at most " + maxPending + "); retry later");
        }
        CompletableFuture<T> future = new CompletableFuture<>();
        queue.addLast(new Queued<>(change, future));
        notifyAll();
        return future;
    }

    /** How many transactions were sent so far. */
    synchronized long sent() {
        return sent;
    }

    /** Waits until every transaction sent up to {@code count} is answered or failed (its writes are in the mirror). */
    synchronized void awaitResolved(long count) throws InterruptedException {
        while (resolved < count && !closed) {
            wait(timeout.toMillis() * 2);
        }
    }

    long syncs() {
        return syncs.get();
    }

    long durableWrites() {
        return durableWrites.get();
    }

    private void run() {
        while (true) {
            List<Queued<?>> taken;
            synchronized (this) {
                while (queue.isEmpty() && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (queue.isEmpty()) {
                    return;
                }
                taken = new ArrayList<>(queue);
                queue.clear();
            }
            try {
                writeAll(taken);
            } catch (RuntimeException | Error e) {
                log.error("store writer failed", e);
                taken.forEach(q -> q.future().completeExceptionally(e));
            }
        }
    }

    /** Writes {@code taken} in as few transactions as the limits allow. */
    private void writeAll(List<Queued<?>> taken) {
        Deque<Queued<?>> left = new ArrayDeque<>(taken);
        while (!left.isEmpty()) {
            StoreUnavailableException refused = availability.refusal();
            if (refused != null) {
                left.forEach(q -> q.future().completeExceptionally(refused));
                return;
            }
            EtcdWriteSet group = new EtcdWriteSet();
            List<Ran> ran = new ArrayList<>();
            while (!left.isEmpty()) {
                Ran one = runOne(left.peekFirst(), group);
                StoreException tooLarge = one.failure() == null ? tooLarge(one.set()) : null;
                if (tooLarge != null) { // alone it would pass etcd's request limit: refused, never sent
                    left.pollFirst();
                    one.queued().future().completeExceptionally(tooLarge);
                    continue;
                }
                if (one.failure() == null && !ran.isEmpty() && !fits(group, one.set())) {
                    break; // the next transaction's
                }
                left.pollFirst();
                if (one.failure() == null) {
                    group.add(one.set());
                }
                ran.add(one);
            }
            commitGroup(group, ran);
        }
    }

    /**
     * Null when {@code set} alone fits one transaction's {@link #MAX_BYTES}; else the failure naming its largest entry
     * (a write that large would be refused by etcd, or pass its request limit).
     */
    static StoreException tooLarge(EtcdWriteSet set) {
        if (set.bytes() <= MAX_BYTES) {
            return null;
        }
        EtcdWriteSet.Written largest = set.largest();
        return new StoreException("write too large for the store on etcd: " + set.bytes() + " bytes (expected: at most "
                + MAX_BYTES + " per transaction); its largest entry is " + largest.map() + " '" + largest.key()
                + "' of " + largest.bytes() + " bytes");
    }

    private static boolean fits(EtcdWriteSet group, EtcdWriteSet next) {
        return group.operations() + next.operations() <= MAX_OPERATIONS
                && group.compares() + next.compares() <= MAX_OPERATIONS
                && group.bytes() + next.bytes() <= MAX_BYTES;
    }

    private Ran runOne(Queued<?> queued, EtcdWriteSet group) {
        EtcdChangeMaps maps = new EtcdChangeMaps(mirror, group);
        try {
            Object result = queued.change().apply(maps);
            return new Ran(queued, result, null, maps.own());
        } catch (RuntimeException e) {
            return new Ran(queued, null, e, maps.own());
        }
    }

    /**
     * Commits the group; then a write that threw is refused (or re-run, see {@link #refuseOrRetry}) in the light of the
     * group's outcome, as it may have read what the writes before it in the group wrote.
     */
    private void commitGroup(EtcdWriteSet group, List<Ran> ran) {
        boolean anyWrites = ran.stream().anyMatch(one -> one.failure() == null);
        Outcome outcome = anyWrites ? commit(group) : new Outcome(true, 0, null);
        if (outcome.failure() != null) {
            ran.forEach(one -> one.queued().future().completeExceptionally(outcome.failure()));
        } else if (outcome.committed()) {
            for (Ran one : ran) {
                if (one.failure() == null) {
                    succeed(one);
                } else {
                    refuseOrRetry(one);
                }
            }
        } else {
            catchUp();
            for (Ran one : ran) {
                retry(one.queued());
            }
        }
    }

    /**
     * A write that threw (a stale If-Match, a missing object) is refused only if what it read is still what etcd holds
     * (a transaction of its compares alone): a refusal made on a mirror behind another replica's write is re-run once
     * the mirror caught up, so that the answer is the same on every replica.
     */
    private void refuseOrRetry(Ran one) {
        Outcome verified = verify(one);
        if (verified == null) {
            one.queued().future().completeExceptionally(one.failure());
        } else if (verified.failure() != null) {
            one.queued().future().completeExceptionally(verified.failure());
        } else {
            catchUp();
            retry(one.queued());
        }
    }

    /** Null when what {@code one} read is current (or it read nothing); else the outcome that says otherwise. */
    private Outcome verify(Ran one) {
        if (one.set().reads().isEmpty()) {
            return null;
        }
        EtcdWriteSet reads = new EtcdWriteSet();
        one.set().reads().forEach((read, revision) -> reads.read(read.map(), read.key(), revision));
        Outcome outcome = commit(reads);
        return outcome.failure() == null && outcome.committed() ? null : outcome;
    }

    /** Re-runs one write alone on fresh state until it commits, fails, or loses {@link #MAX_ATTEMPTS} races. */
    private void retry(Queued<?> queued) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            EtcdWriteSet alone = new EtcdWriteSet();
            Ran one = runOne(queued, alone);
            Outcome outcome;
            if (one.failure() != null) {
                outcome = verify(one);
                if (outcome == null) {
                    queued.future().completeExceptionally(one.failure());
                    return;
                }
            } else {
                StoreException tooLarge = tooLarge(one.set());
                if (tooLarge != null) {
                    queued.future().completeExceptionally(tooLarge);
                    return;
                }
                alone.add(one.set());
                outcome = commit(alone);
                if (outcome.failure() == null && outcome.committed()) {
                    succeed(one);
                    return;
                }
            }
            if (outcome.failure() != null) {
                queued.future().completeExceptionally(outcome.failure());
                return;
            }
            catchUp();
        }
        queued.future().completeExceptionally(new StoreConflictException("the write lost " + MAX_ATTEMPTS
                + " races in a row to other replicas' writes of the same entries; retry"));
    }

    @SuppressWarnings("unchecked")
    private <T> void succeed(Ran one) {
        durableWrites.incrementAndGet();
        ((CompletableFuture<T>) one.queued().future()).complete((T) one.result());
    }

    /** What one transaction came to: committed at {@code revision}, compare failed at it, or failed. */
    private record Outcome(boolean committed, long revision, StoreException failure) {
    }

    private Outcome commit(EtcdWriteSet set) {
        if (set.isEmpty()) {
            return new Outcome(true, 0, null); // read nothing, wrote nothing
        }
        List<Cmp> compares = new ArrayList<>();
        for (Map.Entry<EtcdWriteSet.Read, Long> read : set.reads().entrySet()) {
            ByteSequence key = keys.of(read.getKey().map(), read.getKey().key());
            compares.add(read.getValue() == 0 ? new Cmp(key, Cmp.Op.EQUAL, CmpTarget.version(0))
                    : new Cmp(key, Cmp.Op.EQUAL, CmpTarget.modRevision(read.getValue())));
        }
        List<Op> operations = new ArrayList<>();
        for (Map.Entry<String, TreeMap<String, String>> map : set.writes().entrySet()) {
            for (Map.Entry<String, String> entry : map.getValue().entrySet()) {
                ByteSequence key = keys.of(map.getKey(), entry.getKey());
                operations.add(entry.getValue() == null ? Op.delete(key, DeleteOption.DEFAULT)
                        : Op.put(key, EtcdKeys.bytes(entry.getValue()), PutOption.DEFAULT));
            }
        }
        synchronized (this) {
            sent++;
        }
        TxnResponse response;
        try {
            CompletableFuture<TxnResponse> answer = kv.txn().If(compares.toArray(Cmp[]::new))
                    .Then(operations.toArray(Op[]::new)).commit();
            try {
                response = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                answer.cancel(true);
                throw e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            resolve();
            return new Outcome(false, 0, new StoreUnavailableException("store unavailable: interrupted"));
        } catch (Exception e) {
            resolve();
            String cause = EtcdErrors.unavailability(e, timeout);
            if (cause != null) {
                return new Outcome(false, 0, availability.unavailable(cause));
            }
            Throwable root = EtcdErrors.unwrap(e);
            return new Outcome(false, 0, new StoreException("etcd refused the write: " + root.getMessage(), root));
        }
        long revision = response.getHeader().getRevision();
        if (response.isSucceeded()) {
            for (Map.Entry<String, TreeMap<String, String>> map : set.writes().entrySet()) {
                for (Map.Entry<String, String> entry : map.getValue().entrySet()) {
                    mirror.apply(map.getKey(), entry.getKey(), entry.getValue(), revision);
                }
            }
            if (set.operations() > 0) {
                syncs.incrementAndGet();
            }
        }
        resolve();
        return new Outcome(response.isSucceeded(), revision, null);
    }

    private synchronized void resolve() {
        resolved = sent;
        notifyAll();
    }

    /**
     * Waits until the mirror shows the other replicas' writes that made a compare fail: a read barrier
     * ({@link Host#sync}). When even that fails the write is re-run on what the mirror has (and fails its compare
     * again, or the store is unavailable by then).
     */
    private void catchUp() {
        try {
            availability.sync();
        } catch (StoreException e) {
            log.debug("the mirror could not catch up with etcd ({}); re-running on what it has", e.getMessage());
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        try {
            thread.join(timeout.toMillis() * 2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            queue.forEach(q -> q.future().completeExceptionally(new StoreException("store on etcd is closed")));
            queue.clear();
        }
    }
}
