package io.banyan.sidecar.diagnose;

import io.banyan.primitives.check.Checks;
import io.banyan.sidecar.core.ErrorCause;
import io.banyan.sidecar.observe.AnsweredBy;
import io.banyan.sidecar.observe.ExchangeObservation;
import io.banyan.sidecar.observe.ExchangeObserver;
import io.banyan.sidecar.observe.ExchangeRecord;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The recent failures of a data plane, an {@link ExchangeObserver} that keeps only the exchanges that failed (the mesh
 * failed them, or a 5xx went down): the last {@link #capacity()} in a ring (a newer one takes the oldest one's slot),
 * and per upstream service (a cluster of the configuration: at most {@link #MAX_SERVICES}) the failures by cause since
 * the start with the request ids of the last {@link #IDS_PER_CAUSE}. Recording is lock-free and allocates only for a
 * failure; a request id is found by reading the ring, so nothing is kept per id beyond it. Reading runs on any
 * thread while event loops record. It reads no exchange's start and wants only the records of failures: a
 * successful exchange builds nothing for it.
 */
public final class RecentFailures implements ExchangeObserver.Startless {

    /** How many failed exchanges the ring keeps by default. */
    public static final int DEFAULT_CAPACITY = 256;
    /** The most services counted: those of the configuration; beyond it a new service is not counted. */
    static final int MAX_SERVICES = 1024;
    /** The request ids kept per service and cause. */
    static final int IDS_PER_CAUSE = 5;
    /** Causes per service are the mesh's tokens and {@code upstream_5xx} statuses: bounded, this is a guard. */
    private static final int MAX_CAUSES = 128;

    private final AtomicReferenceArray<FailedExchange> ring;
    private final AtomicLong recorded = new AtomicLong();
    private final Map<String, Map<String, CauseTally>> byService = new ConcurrentHashMap<>();
    /** Reads no start and no try as it comes: the record of a failure alone (with its tries). */
    private final ExchangeObservation observation = new ExchangeObservation() {
        @Override
        public boolean watchesAttempts() {
            return false;
        }

        @Override
        public boolean wantsRecord(AnsweredBy by, int status, ErrorCause cause) {
            return FailedExchange.isFailure(by, status, cause);
        }

        @Override
        public void ended(ExchangeRecord record) {
            RecentFailures.this.ended(record);
        }
    };

    public RecentFailures() {
        this(DEFAULT_CAPACITY);
    }

    public RecentFailures(int capacity) {
        Checks.atLeast(capacity, 1, "capacity");
        this.ring = new AtomicReferenceArray<>(capacity);
    }

    @Override
    public ExchangeObservation everyExchange() {
        return observation;
    }

    private void ended(ExchangeRecord record) {
        if (!FailedExchange.isFailure(record)) {
            return;
        }
        FailedExchange failure = FailedExchange.of(record);
        ring.set((int) (recorded.getAndIncrement() % ring.length()), failure);
        String service = record.upstreamService();
        if (service != null) {
            Map<String, CauseTally> causes = byService.size() < MAX_SERVICES
                    ? byService.computeIfAbsent(service, name -> new ConcurrentHashMap<>()) : byService.get(service);
            if (causes != null) {
                CauseTally tally = causes.size() < MAX_CAUSES
                        ? causes.computeIfAbsent(failure.cause(), cause -> new CauseTally(cause, IDS_PER_CAUSE))
                        : causes.get(failure.cause());
                if (tally != null) {
                    tally.add(failure.requestId(), failure.start());
                }
            }
        }
    }

    /** How many failed exchanges the ring keeps. */
    public int capacity() {
        return ring.length();
    }

    /** How many failed exchanges were recorded since the start (the ring keeps the last {@link #capacity()}). */
    public long recorded() {
        return recorded.get();
    }

    /** The failed exchanges the ring holds now, newest first. */
    public List<FailedExchange> newestFirst() {
        long end = recorded.get();
        List<FailedExchange> failures = new ArrayList<>((int) Math.min(end, ring.length()));
        for (long number = end - 1; number >= 0 && number >= end - ring.length(); number--) {
            FailedExchange failure = ring.get((int) (number % ring.length()));
            if (failure != null) {
                failures.add(failure);
            }
        }
        return failures;
    }

    /** The newest failed exchange of the ring with request id {@code requestId}. */
    public Optional<FailedExchange> find(String requestId) {
        return newestFirst().stream().filter(failure -> requestId.equals(failure.requestId())).findFirst();
    }

    /** The failures of upstream service {@code service} since the start by cause, the most frequent first. */
    public List<CauseCount> byCause(String service) {
        Map<String, CauseTally> causes = byService.get(service);
        if (causes == null) {
            return List.of();
        }
        return causes.values().stream().map(CauseTally::read)
                .sorted(Comparator.comparingLong(CauseCount::count).reversed().thenComparing(CauseCount::cause))
                .toList();
    }
}
