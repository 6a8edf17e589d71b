package io.banyan.sidecar.metrics;

import io.banyan.dataplane.config.Endpoint;
import io.banyan.sidecar.core.ErrorCause;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The per-endpoint meters of one cluster: each attempt's end, counted once by the proxy's attempt ledger, as
 * {@value MetricNames#ENDPOINT_REQUESTS} (attempts that got a response head, by status class, with the time to that
 * head) or {@value MetricNames#ENDPOINT_ERRORS} (attempts that failed without one, by cause). Tagged {@code service}
 * and {@code endpoint} ({@code host:port}).
 *
 * <p>Bounded, whatever the mesh's size: an endpoint gets its own series only while the control plane lists it for
 * the cluster ({@link #retainOnly}, on every config; the series of an endpoint that left are removed) and while
 * fewer than {@code limit} endpoints of the cluster have theirs; every other attempt counts under
 * {@code endpoint="other"}. A limit of 0 turns per-endpoint series off (nothing is registered).
 *
 * <p>An attempt names its endpoint by the config's {@link Endpoint}: the series found for it is kept by that endpoint
 * until the next config ({@link #retainOnly}), so that an attempt makes no {@code host:port} string and hashes none.
 */
public final class EndpointMeters {

    /** The {@code endpoint} tag of attempts to endpoints beyond the limit (or no longer in the config). */
    public static final String OVERFLOW = "other";

    private static final ErrorCause[] CAUSES = ErrorCause.values();

    private final MeterRegistry registry;
    private final String service;
    private final int limit;
    private final Map<String, Series> series = new ConcurrentHashMap<>();
    /** The series found for each config endpoint since the last {@link #retainOnly} (a new map then). */
    private volatile Map<Endpoint, Series> byEndpoint = new ConcurrentHashMap<>();
    private volatile Set<String> listed = Set.of();
    private volatile Series overflow;

    EndpointMeters(MeterRegistry registry, String service, int limit) {
        this.registry = registry;
        this.service = service;
        this.limit = limit;
    }

    /** Whether per-endpoint series are on (a limit above 0). */
    public boolean enabled() {
        return limit > 0;
    }

    /** An attempt to {@code endpoint} got a response head with {@code status} after {@code nanos}. */
    public void responded(String endpoint, int status, long nanos) {
        if (enabled()) {
            seriesOf(endpoint).responded(status, nanos);
        }
    }

    /** An attempt to {@code endpoint} failed without a response head, for {@code cause}. */
    public void failed(String endpoint, ErrorCause cause) {
        if (enabled()) {
            seriesOf(endpoint).failed(cause);
        }
    }

    /** An attempt to {@code endpoint} of the config got a response head with {@code status} after {@code nanos}. */
    public void responded(Endpoint endpoint, int status, long nanos) {
        if (enabled()) {
            seriesOf(endpoint).responded(status, nanos);
        }
    }

    /** An attempt to {@code endpoint} of the config failed without a response head, for {@code cause}. */
    public void failed(Endpoint endpoint, ErrorCause cause) {
        if (enabled()) {
            seriesOf(endpoint).failed(cause);
        }
    }

    /**
     * The cluster's endpoints are now {@code endpoints} ({@code host:port}): the series of the others are removed, and
     * only these may get series of their own. An empty list (the cluster left the config) removes every series.
     */
    public synchronized void retainOnly(Collection<String> endpoints) {
        listed = Set.copyOf(endpoints);
        byEndpoint = new ConcurrentHashMap<>(); // an attempt racing this may still fill the old one: nobody reads it
        for (String endpoint : List.copyOf(series.keySet())) {
            if (!listed.contains(endpoint)) {
                Series gone = series.remove(endpoint);
                if (gone != null) {
                    gone.remove();
                }
            }
        }
        if (listed.isEmpty() && overflow != null) {
            overflow.remove();
            overflow = null;
        }
    }

    /** The endpoints with series of their own now (for tests and the docs' claim). */
    public Set<String> endpointsWithSeries() {
        return Set.copyOf(series.keySet());
    }

    /**
     * The series of {@code endpoint}, kept by it while the config lists its {@code host:port} (bounded by the config:
     * an endpoint that is not listed is looked up by its string each time, as a string would be).
     */
    private Series seriesOf(Endpoint endpoint) {
        Map<Endpoint, Series> known = byEndpoint;
        Series found = known.get(endpoint);
        if (found == null) {
            String authority = endpoint.authority();
            found = seriesOf(authority);
            if (listed.contains(authority)) {
                known.put(endpoint, found);
            }
        }
        return found;
    }

    private Series seriesOf(String endpoint) {
        Series found = series.get(endpoint);
        return found != null ? found : admit(endpoint);
    }

    private synchronized Series admit(String endpoint) {
        Series found = series.get(endpoint);
        if (found != null) {
            return found;
        }
        if (listed.contains(endpoint) && series.size() < limit) {
            Series made = new Series(endpoint);
            series.put(endpoint, made);
            return made;
        }
        if (overflow == null) {
            overflow = new Series(OVERFLOW);
        }
        return overflow;
    }

    /** The meters of one endpoint tag, made as first needed. */
    private final class Series {

        private final String endpoint;
        private final AtomicReferenceArray<Timer> timers = new AtomicReferenceArray<>(StatusClasses.COUNT);
        private final AtomicReferenceArray<Counter> errors = new AtomicReferenceArray<>(CAUSES.length);
        private final List<Meter> made = new ArrayList<>();
        private boolean removed;

        Series(String endpoint) {
            this.endpoint = endpoint;
        }

        void responded(int status, long nanos) {
            int index = StatusClasses.index(status);
            Timer timer = timers.get(index);
            if (timer == null) {
                timer = register(LatencyBuckets.slo(Timer.builder(MetricNames.ENDPOINT_REQUESTS)
                        .tag("service", service).tag("endpoint", endpoint)
                        .tag("status_class", StatusClasses.label(index))).register(registry));
                timers.compareAndSet(index, null, timer);
            }
            timer.record(nanos, TimeUnit.NANOSECONDS);
        }

        void failed(ErrorCause cause) {
            Counter counter = errors.get(cause.ordinal());
            if (counter == null) {
                counter = register(Counter.builder(MetricNames.ENDPOINT_ERRORS)
                        .tag("service", service).tag("endpoint", endpoint).tag("cause", cause.token())
                        .register(registry));
                errors.compareAndSet(cause.ordinal(), null, counter);
            }
            counter.increment();
        }

        /**
         * Keeps {@code meter} to remove with the rest; one registered after the endpoint left is removed at once (unless
         * the endpoint is back: then the meter of that id is its new series').
         */
        private synchronized <M extends Meter> M register(M meter) {
            if (removed) {
                if (!series.containsKey(endpoint)) {
                    registry.remove(meter);
                }
            } else {
                made.add(meter);
            }
            return meter;
        }

        synchronized void remove() {
            removed = true;
            made.forEach(registry::remove);
            made.clear();
        }
    }
}
