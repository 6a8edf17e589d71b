package io.banyan.controlplane.loadstats;

import io.banyan.primitives.stats.LatencySketch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One tracked cluster's reports: a ring of time slots (slot {@code n} covers {@code [n * width, (n + 1) * width)}
 * of the control plane's clock, created when a report arrives in it and reused when the ring comes round), the
 * error causes it admitted (at most {@link LoadStore#MAX_CAUSES}) and the {@link LoadStore#MAX_SAMPLES} newest
 * differing shadow samples.
 * Thread-safe: every method holds the instance's lock, and none runs long (a read adds at most one ring of slots).
 */
final class ClusterLoad {

    private final Slot[] ring;
    private final Set<String> causes = new HashSet<>();
    private final Deque<TimedSample> samples = new ArrayDeque<>(LoadStore.MAX_SAMPLES);

    ClusterLoad(int slots) {
        this.ring = new Slot[slots];
    }

    /**
     * Adds one reporter's deltas to slot {@code slot}.
     *
     * @return the error causes left out because the cluster has {@link LoadStore#MAX_CAUSES} others already (their
     * errors still count in the total)
     */
    synchronized int add(long slot, SideStats side, ShadowStats shadow) {
        Slot target = slot(slot);
        target.requests = plus(target.requests, side.requests());
        target.errors = plus(target.errors, side.errors());
        int refused = 0;
        for (Map.Entry<String, Long> cause : side.errorsByCause().entrySet()) {
            if (admit(cause.getKey())) {
                target.errorsByCause.merge(cause.getKey(), cause.getValue(), ClusterLoad::plus);
            } else {
                refused++;
            }
        }
        if (Long.MAX_VALUE - target.latency.count() >= side.latency().count()) {
            target.latency = target.latency.merge(side.latency());
        }
        target.equal = plus(target.equal, shadow.equal());
        target.different = plus(target.different, shadow.different());
        target.failed = plus(target.failed, shadow.failed());
        target.dropped = plus(target.dropped, shadow.dropped());
        for (ShadowSample sample : shadow.samples()) {
            if (samples.size() == LoadStore.MAX_SAMPLES) {
                samples.removeFirst();
            }
            samples.addLast(new TimedSample(slot, sample));
        }
        return refused;
    }

    /** The live requests of slots {@code from} to {@code to}; {@code inProgress} is the reporters' latest gauge. */
    synchronized SideStats side(long from, long to, long inProgress) {
        long requests = 0;
        long errors = 0;
        Map<String, Long> byCause = new HashMap<>();
        LatencySketch.Builder latency = new LatencySketch.Builder();
        long durations = 0;
        for (Slot slot : slots(from, to)) {
            requests = plus(requests, slot.requests);
            errors = plus(errors, slot.errors);
            slot.errorsByCause.forEach((cause, count) -> byCause.merge(cause, count, ClusterLoad::plus));
            if (Long.MAX_VALUE - durations >= slot.latency.count()) {
                durations += slot.latency.count();
                latency.addAll(slot.latency);
            }
        }
        return new SideStats(requests, errors, byCause, inProgress, latency.build());
    }

    /** The shadow outcomes of slots {@code from} to {@code to}, with the samples that arrived in them. */
    synchronized ShadowStats shadow(long from, long to) {
        long equal = 0;
        long different = 0;
        long failed = 0;
        long dropped = 0;
        for (Slot slot : slots(from, to)) {
            equal = plus(equal, slot.equal);
            different = plus(different, slot.different);
            failed = plus(failed, slot.failed);
            dropped = plus(dropped, slot.dropped);
        }
        long first = oldest(from, to);
        List<ShadowSample> recent = new ArrayList<>();
        for (TimedSample sample : samples) {
            if (sample.slot >= first && sample.slot <= to) {
                recent.add(sample.sample);
            }
        }
        return new ShadowStats(plus(equal, different), equal, different, failed, dropped, recent);
    }

    private boolean admit(String cause) {
        return causes.contains(cause) || (causes.size() < LoadStore.MAX_CAUSES && causes.add(cause));
    }

    private Slot slot(long number) {
        int index = (int) Math.floorMod(number, (long) ring.length);
        Slot slot = ring[index];
        if (slot == null) {
            slot = new Slot(number);
            ring[index] = slot;
        } else if (slot.number != number) {
            slot.reuse(number);
        }
        return slot;
    }

    /** The slots of {@code from} to {@code to} that hold reports, no further back than the ring reaches. */
    private List<Slot> slots(long from, long to) {
        List<Slot> found = new ArrayList<>();
        for (long n = oldest(from, to); n <= to; n++) {
            Slot slot = ring[(int) Math.floorMod(n, (long) ring.length)];
            if (slot != null && slot.number == n) {
                found.add(slot);
            }
        }
        return found;
    }

    private long oldest(long from, long to) {
        return Math.max(from, to - ring.length + 1);
    }

    /** Adds two non-negative counts, saturating instead of overflowing (reporters are not trusted to stay small). */
    static long plus(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    private record TimedSample(long slot, ShadowSample sample) {
    }
}
