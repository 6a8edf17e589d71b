package io.banyan.sidecar.loadbalance;

import io.banyan.dataplane.config.Endpoint;
import io.banyan.dataplane.config.PeakEwmaSettings;
import io.banyan.primitives.time.Ticker;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link EndpointLoad} of every endpoint of a cluster, shared by the balancers built over subsets of
 * it (zones, healthy endpoints) so that load survives a change of subset.
 */
public final class EndpointLoads {

    private final Map<Endpoint, EndpointLoad> byEndpoint;

    public EndpointLoads(List<Endpoint> endpoints, Ticker ticker, PeakEwmaSettings settings) {
        Map<Endpoint, EndpointLoad> map = new HashMap<>();
        for (Endpoint endpoint : endpoints) {
            map.computeIfAbsent(endpoint, e -> new EndpointLoad(ticker, settings.defaultRtt().toNanos(),
                    settings.decay().toNanos()));
        }
        this.byEndpoint = Map.copyOf(map);
    }

    /** The load of {@code endpoint}, or {@code null} when it is not one of this cluster's. */
    public EndpointLoad get(Endpoint endpoint) {
        return byEndpoint.get(endpoint);
    }

    public void onStart(Endpoint endpoint) {
        EndpointLoad load = byEndpoint.get(endpoint);
        if (load != null) {
            load.onStart();
        }
    }

    public void onEnd(Endpoint endpoint, long latencyNanos, boolean success) {
        EndpointLoad load = byEndpoint.get(endpoint);
        if (load != null) {
            load.onEnd(latencyNanos, success);
        }
    }

    EndpointLoad[] of(List<Endpoint> endpoints) {
        EndpointLoad[] loads = new EndpointLoad[endpoints.size()];
        for (int i = 0; i < loads.length; i++) {
            loads[i] = byEndpoint.get(endpoints.get(i));
            if (loads[i] == null) {
                throw new IllegalArgumentException("endpoint " + endpoints.get(i).authority()
                        + " (expected: one of the cluster's endpoints)");
            }
        }
        return loads;
    }
}
