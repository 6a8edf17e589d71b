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
 * lists get series ({@link #retainOnly}, on every config; the series of a route that left are removed, and the
 * per-route views of the {@link ServiceMeters}), at most {@code limit} of them; unnamed routes (the catch-all of each
 * service) are counted by the service metrics only. A request that races a config change never leaves a series or a
 * view behind for a route that left: whatever it adds, it checks the route is still listed afterwards, and takes it
 * back if not ({@link #retainOnly} removes what was added before it changed the list).
 */
public final class RouteMeters {

    private final MeterRegistry registry;
    private final int limit;
    private final Map<Key, Timer> timers = new ConcurrentHashMap<>();
    /** Per route name, per service's meters (by identity: one instance per service): the view that also counts the route. */
    private final Map<String, Map<ServiceMeters, ServiceMeters>> views = new ConcurrentHashMap<>();
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
        views.keySet().retainAll(listed);
        for (Key key : List.copyOf(timers.keySet())) {
            if (!listed.contains(key.route)) {
                Meter gone = timers.remove(key);
                if (gone != null) {
                    registry.remove(gone);
                }
            }
        }
    }

    /** {@code meters}, also counting {@code route} when the config lists it ({@link ServiceMeters#onRoute}). */
    ServiceMeters view(ServiceMeters meters, String route) {
        if (!counts(route)) {
            return meters;
        }
        Map<ServiceMeters, ServiceMeters> byService = views.computeIfAbsent(route,
                name -> new ConcurrentHashMap<>()); // ServiceMeters keep Object's identity equality
        ServiceMeters view = byService.get(meters);
        if (view == null) {
            view = byService.computeIfAbsent(meters, m -> m.routeView(route));
            if (!counts(route)) { // the route left meanwhile: take back what this call may have added
                views.remove(route, byService);
                return meters;
            }
        }
        return view;
    }

    void record(String route, String service, int status, long nanos) {
        if (!counts(route)) {
            return;
        }
        Key key = new Key(route, service, StatusClasses.index(status));
        Timer timer = timers.get(key);
        if (timer == null) {
            timer = timers.computeIfAbsent(key, k -> LatencyBuckets.slo(
                            Timer.builder(MetricNames.ROUTE_REQUESTS).tag("route", k.route).tag("service", k.service)
                                    .tag("status_class", StatusClasses.label(k.statusClass)))
                    .register(registry));
            if (!counts(route)) { // the route left meanwhile: retainOnly may have missed this series; remove it here
                timers.remove(key, timer);
                registry.remove(timer);
                return;
            }
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    private record Key(String route, String service, int statusClass) {
    }
}
