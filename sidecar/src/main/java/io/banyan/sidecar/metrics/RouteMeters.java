package io.banyan.sidecar.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@value MetricNames#ROUTE_REQUESTS}: requests matched by a named route (an operator route, a migration's), by
 * {@code route}, {@code service} (the cluster the route sent the request to: both sides of a weighted split) and
 * {@code status_class}. Route names come from the config, never from a request: only the names the current config
 * lists get series ({@link #retainOnly}, on every config; the series of a route that left are removed), at most
 * {@code limit} of them; unnamed routes (the catch-all of each service) are counted by the service metrics only.
 */
public final class RouteMeters {

    private final MeterRegistry registry;
    private final int limit;
    private final Map<Key, Timer> timers = new ConcurrentHashMap<>();
    private volatile Set<String> listed = Set.of();

    RouteMeters(MeterRegistry registry, int limit) {
        this.registry = registry;
        this.limit = limit;
    }

    /** Whether {@code route} gets series: named, and in the current config within the limit. */
    public boolean counts(String route) {
        return !route.isEmpty() && listed.contains(route);
    }

    /**
     * The routes of the config are now {@code names} (unnamed ones left out): the series of the others are removed;
     * beyond {@code limit} names, the first ones in order of the iteration keep theirs.
     */
    public synchronized void retainOnly(Iterable<String> names) {
        Set<String> kept = new java.util.LinkedHashSet<>();
        for (String name : names) {
            if (!name.isEmpty() && kept.size() < limit) {
                kept.add(name);
            }
        }
        listed = Set.copyOf(kept);
        for (Key key : List.copyOf(timers.keySet())) {
            if (!listed.contains(key.route)) {
                Meter gone = timers.remove(key);
                if (gone != null) {
                    registry.remove(gone);
                }
            }
        }
    }

    void record(String route, String service, int status, long nanos) {
        if (!counts(route)) {
            return;
        }
        int index = StatusClasses.index(status);
        Timer timer = timers.computeIfAbsent(new Key(route, service, index), key -> LatencyBuckets.slo(
                        Timer.builder(MetricNames.ROUTE_REQUESTS).tag("route", key.route).tag("service", key.service)
                                .tag("status_class", StatusClasses.label(key.statusClass)))
                .register(registry));
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    private record Key(String route, String service, int statusClass) {
    }
}
