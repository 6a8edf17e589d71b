package io.banyan.sidecar.cluster;

import io.banyan.dataplane.config.ClusterConfig;
import io.banyan.dataplane.config.Endpoint;
import io.banyan.dataplane.config.MeshConfig;
import io.banyan.sidecar.metrics.RequestMetrics;
import io.banyan.sidecar.metrics.ServiceMeters;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The clusters of one MeshConfig by name. Built from the previous generation so that a cluster keeps its
 * balancer (round-robin position, loads) while its endpoints and LB settings stay, and its thresholds,
 * budget, breakers and outlier detector while their settings stay.
 */
public final class Clusters {

    public static final Clusters EMPTY = new Clusters(Map.of(), Map.of(), null);

    private final Map<String, ClusterState> byName;
    private final Map<String, ClusterRuntime> runtimes;
    private final ClusterEnvironment environment;

    private Clusters(Map<String, ClusterState> byName, Map<String, ClusterRuntime> runtimes,
                     ClusterEnvironment environment) {
        this.byName = byName;
        this.runtimes = runtimes;
        this.environment = environment;
    }

    /** As {@link #from(MeshConfig, Clusters, RequestMetrics, ClusterEnvironment)}, keeping {@code previous}'s environment. */
    public static Clusters from(MeshConfig config, Clusters previous, RequestMetrics metrics) {
        ClusterEnvironment environment = previous.environment != null ? previous.environment : ClusterEnvironment.standalone();
        return from(config, previous, metrics, environment);
    }

    /** The clusters of {@code config}; those {@code previous} has but {@code config} does not are closed. */
    public static Clusters from(MeshConfig config, Clusters previous, RequestMetrics metrics,
                                ClusterEnvironment environment) {
        Map<String, ClusterState> states = new HashMap<>();
        Map<String, ClusterRuntime> runtimes = new HashMap<>();
        for (ClusterConfig cluster : config.clusters().values()) {
            List<Endpoint> endpoints = config.endpointsOf(cluster).endpoints();
            ClusterRuntime runtime = previous.runtimes.get(cluster.name());
            if (runtime == null) {
                runtime = new ClusterRuntime(cluster.name(), environment);
            }
            runtime.apply(cluster, endpoints);
            runtimes.put(cluster.name(), runtime);
            ServiceMeters meters = metrics.service(cluster.name());
            meters.clusterPresent();
            meters.endpoints().retainOnly(endpoints.stream().map(Endpoint::authority).toList());
            states.put(cluster.name(), runtime.snapshot(meters));
        }
        previous.runtimes.forEach((name, runtime) -> {
            if (!runtimes.containsKey(name)) {
                runtime.close();
                metrics.service(name).clusterLeft(); // a cluster that left: no gauges, no endpoint series
            }
        });
        return new Clusters(Map.copyOf(states), Map.copyOf(runtimes), environment);
    }

    /** The cluster of that name, or {@code null}. */
    public ClusterState get(String name) {
        return byName.get(name);
    }

    public Map<String, ClusterState> asMap() {
        return byName;
    }

    /** The live state of every cluster, by name (for the admin {@code /clusters}); safe from any thread. */
    public List<ClusterStatus> status() {
        return runtimes.values().stream()
                .map(ClusterRuntime::status)
                .sorted(Comparator.comparing(ClusterStatus::name))
                .toList();
    }

    /** Stops the periodic work of every cluster (the data plane is closing). */
    public void close() {
        runtimes.values().forEach(ClusterRuntime::close);
    }
}
