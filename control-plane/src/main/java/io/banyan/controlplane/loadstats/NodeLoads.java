package io.banyan.controlplane.loadstats;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Requests and errors each data plane reported, summed over all the clusters it reported, per node, in time slots of
 * the control plane's clock (what a staged rollout compares: its canary nodes against the others). A node's counts
 * go when its load-reporting stream closes ({@link #forget}); each holds at most {@code retention / slot} slots of two
 * counters. While {@link #watching()}, the load-reporting streams ask their data planes for every cluster.
 */
public final class NodeLoads {

    private final Clock clock;
    private final long slotMillis;
    private final int slots;
    private final Map<String, Ring> nodes = new ConcurrentHashMap<>();
    private final List<Runnable> watchListeners = new CopyOnWriteArrayList<>();
    private volatile boolean watching;

    /** Slots as wide as {@code slot} (at least 1 ms), kept for {@code retention}. */
    public NodeLoads(Clock clock, Duration slot, Duration retention) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.slotMillis = Math.max(1, slot.toMillis());
        this.slots = (int) Math.min(LoadStore.MAX_SLOTS, Math.max(1, retention.toMillis() / slotMillis)) + 1;
    }

    /** Adds what {@code node} reported now. */
    public void record(String node, long requests, long errors) {
        nodes.computeIfAbsent(node, id -> new Ring(slots)).add(slotOf(clock.instant()), requests, errors);
    }

    /** The sums of {@code nodes} from the slot holding {@code from} to the one holding {@code to}. */
    public RequestCounts sum(Collection<String> nodes, Instant from, Instant to) {
        RequestCounts total = RequestCounts.NONE;
        for (String node : nodes) {
            Ring ring = this.nodes.get(node);
            if (ring != null) {
                total = total.plus(ring.sum(slotOf(from), slotOf(to)));
            }
        }
        return total;
    }

    /** Drops a node's counts (its load-reporting stream closed). */
    public void forget(String node) {
        nodes.remove(node);
    }

    /** Whether data planes are asked for every cluster (a staged rollout is in flight). */
    public boolean watching() {
        return watching;
    }

    /** Asks for every cluster, or only the tracked ones again; tells the listeners when that changed. */
    public void watch(boolean on) {
        if (watching != on) {
            watching = on;
            watchListeners.forEach(Runnable::run);
        }
    }

    /** Runs {@code listener} after every change of {@link #watching()}, on the thread that changed it. */
    public void onWatchChange(Runnable listener) {
        watchListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    private long slotOf(Instant instant) {
        return Math.floorDiv(instant.toEpochMilli(), slotMillis);
    }

    /** One node's slots, a ring indexed by slot number. */
    private static final class Ring {

        private final long[] numbers;
        private final long[] requests;
        private final long[] errors;

        Ring(int slots) {
            numbers = new long[slots];
            Arrays.fill(numbers, Long.MIN_VALUE);
            requests = new long[slots];
            errors = new long[slots];
        }

        synchronized void add(long slot, long requests, long errors) {
            int at = (int) Math.floorMod(slot, (long) numbers.length);
            if (numbers[at] != slot) {
                numbers[at] = slot;
                this.requests[at] = 0;
                this.errors[at] = 0;
            }
            this.requests[at] = ClusterLoad.plus(this.requests[at], requests);
            this.errors[at] = ClusterLoad.plus(this.errors[at], Math.min(errors, requests));
        }

        synchronized RequestCounts sum(long from, long to) {
            long total = 0;
            long failed = 0;
            for (int i = 0; i < numbers.length; i++) {
                if (numbers[i] >= from && numbers[i] <= to) {
                    total = ClusterLoad.plus(total, requests[i]);
                    failed = ClusterLoad.plus(failed, errors[i]);
                }
            }
            return new RequestCounts(total, Math.min(failed, total));
        }
    }
}
