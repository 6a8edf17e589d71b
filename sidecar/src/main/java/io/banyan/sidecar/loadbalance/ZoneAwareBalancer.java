package io.banyan.sidecar.loadbalance;

import io.banyan.dataplane.config.Endpoint;
import io.banyan.dataplane.config.LbSettings;

import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A cluster's balancer: runs the algorithm over the {@link EndpointSelection} of the moment (local zone
 * first, then the other zones; all endpoints in panic), rebuilding it when {@link #healthChanged()} says
 * the health predicate's answers moved. Load tracking is shared by all rebuilt algorithms.
 */
public final class ZoneAwareBalancer implements LoadBalancer {

    private final List<Endpoint> endpoints;
    private final Predicate<Endpoint> health;
    private final String localZone;
    private final LbSettings settings;
    private final EndpointLoads loads;
    private final Function<List<Endpoint>, LoadBalancer> algorithm;
    private volatile Current current;

    private record Current(EndpointSelection selection, LoadBalancer primary, LoadBalancer fallback) {
    }

    /**
     * @param health    whether an endpoint may take traffic (active health checks, outlier ejection); read
     *                  at construction and on every {@link #healthChanged()}
     * @param algorithm builds the algorithm over a subset of {@code endpoints}, sharing {@code loads}
     */
    public ZoneAwareBalancer(List<Endpoint> endpoints, Predicate<Endpoint> health, String localZone,
                             LbSettings settings, EndpointLoads loads,
                             Function<List<Endpoint>, LoadBalancer> algorithm) {
        this.endpoints = List.copyOf(endpoints);
        this.health = health;
        this.localZone = localZone == null ? "" : localZone;
        this.settings = settings;
        this.loads = loads;
        this.algorithm = algorithm;
        healthChanged();
    }

    /** Re-reads the health predicate; call after an endpoint turned healthy or unhealthy. */
    public synchronized void healthChanged() {
        EndpointSelection selection = EndpointSelection.of(endpoints, health, localZone, settings.zoneAware(),
                settings.panicThresholdPercent());
        Current previous = current;
        if (previous != null && previous.selection().equals(selection)) {
            return;
        }
        current = new Current(selection, algorithm.apply(selection.primary()),
                selection.fallback().isEmpty() ? null : algorithm.apply(selection.fallback()));
    }

    /** The live load of every endpoint (requests in flight, latency estimate), e.g. for the admin page. */
    public EndpointLoads loads() {
        return loads;
    }

    /** The endpoints traffic goes to now, and whether the cluster is in panic. */
    public EndpointSelection selection() {
        return current.selection();
    }

    @Override
    public Endpoint pick(Collection<Endpoint> tried) {
        return pick(PickContext.avoiding(tried));
    }

    @Override
    public Endpoint pick(PickContext context) {
        Current now = current;
        Endpoint picked = now.primary().pick(context);
        return picked != null || now.fallback() == null ? picked : now.fallback().pick(context);
    }

    @Override
    public void onStart(Endpoint endpoint) {
        loads.onStart(endpoint);
    }

    @Override
    public void onEnd(Endpoint endpoint, long latencyNanos, boolean success) {
        loads.onEnd(endpoint, latencyNanos, success);
    }

    @Override
    public List<Endpoint> endpoints() {
        return endpoints;
    }
}
