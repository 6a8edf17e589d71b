package io.banyan.bench.xds;

import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * One churn write per {@link #tick}: on a service chosen uniformly, an instance down (half of the time, when the
 * service keeps one up) or up again, a weight change (30 %), or a policy change (20 %: the connect timeout, a value
 * never used before). The write goes out asynchronously; {@link ConvergenceTracker} follows it.
 */
public final class ChurnDriver {

    private final Topology topology;
    private final InstanceBook book;
    private final AdminClient admin;
    private final ConvergenceTracker tracker;
    private final LongSupplier nanoTime;
    private final long ttlSeconds;
    private final Random random;
    private final AtomicLong sequence = new AtomicLong();
    private final LongAdder sent = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    private volatile String lastError = "";

    public ChurnDriver(Topology topology, InstanceBook book, AdminClient admin, ConvergenceTracker tracker,
                       LongSupplier nanoTime, long ttlSeconds, long seed) {
        this.topology = Objects.requireNonNull(topology, "topology");
        this.book = Objects.requireNonNull(book, "book");
        this.admin = Objects.requireNonNull(admin, "admin");
        this.tracker = Objects.requireNonNull(tracker, "tracker");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.ttlSeconds = ttlSeconds;
        this.random = new Random(seed);
    }

    /** Sends one change (blocks only while every admin connection is busy). */
    public void tick() {
        int s = random.nextInt(topology.services().size());
        String service = topology.services().get(s);
        double roll = random.nextDouble();
        if (roll >= 0.8 && book.claimPolicy(service)) {
            long millis = 100 + sequence.incrementAndGet();
            Change change = new Change(Change.Kind.POLICY, "", new Expectation.ConnectTimeout(service, millis));
            send(tracker.expect(change), admin.connectTimeout(service, millis).thenApply(answer -> null));
            return;
        }
        Optional<InstanceBook.Entry> claimed = book.claim(s, random);
        if (claimed.isEmpty()) {
            skipped.increment();
            return;
        }
        InstanceBook.Entry entry = claimed.get();
        Optional<String> id = entry.id();
        if (id.isPresent() && roll < 0.5 && book.registered(s) > 1) {
            Change change = new Change(Change.Kind.INSTANCE_DOWN, entry.address(),
                    new Expectation.EndpointAbsent(service, entry.address()));
            send(tracker.expect(change), admin.deregister(id.get()).thenApply(answer -> {
                entry.deregistered();
                return null;
            }));
        } else if (id.isEmpty()) {
            register(Change.Kind.INSTANCE_UP, entry, entry.weight());
        } else {
            register(Change.Kind.WEIGHT, entry, entry.weight() % 5 + 1);
        }
    }

    private void register(Change.Kind kind, InstanceBook.Entry entry, int weight) {
        Change change = new Change(kind, entry.address(),
                new Expectation.EndpointPresent(entry.service(), entry.address(), weight));
        send(tracker.expect(change), admin.register(entry.service(), entry.address(), weight, ttlSeconds)
                .thenApply(newId -> {
                    entry.registered(newId, weight);
                    return null;
                }));
    }

    private void send(ConvergenceTracker.Pending pending, CompletableFuture<Void> write) {
        sent.increment();
        write.whenComplete((ignored, failure) -> {
            if (failure == null) {
                tracker.acknowledged(pending, nanoTime.getAsLong());
            } else {
                lastError = String.valueOf(failure.getMessage());
                tracker.writeFailed(pending);
            }
        });
    }

    public long sent() {
        return sent.sum();
    }

    /** Ticks that found every instance of their service busy. */
    public long skipped() {
        return skipped.sum();
    }

    public String lastError() {
        return lastError;
    }
}
