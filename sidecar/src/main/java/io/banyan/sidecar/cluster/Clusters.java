package io.banyan.sidecar.cluster;

import io.banyan.sidecar.config.ClusterConfig;
import io.banyan.sidecar.config.Endpoint;
import io.banyan.sidecar.config.MeshConfig;
import io.banyan.sidecar.loadbalance.LoadBalancer;
import io.banyan.sidecar.metrics.RequestMetrics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The clusters of one MeshConfig by name. Built from the previous generation so that a cluster whose
 * endpoints and policy did not change keeps its load balancer (and so its round-robin position).
 */
public final class Clusters {

    public static final Clusters EMPTY = new Clusters(Map.of());

    private final Map<String, ClusterState> byName;

    private Clusters(Map<String, ClusterState> byName) {
        this.byName = byName;
    }

    public static Clusters from(MeshConfig config, Clusters previous, RequestMetrics metrics) {
        Map<String, ClusterState> states = new HashMap<>();
        for (ClusterConfig cluster : config.clusters().values()) {
            List<Endpoint> endpoints = config.endpointsOf(cluster).endpoints();
            ClusterState old = previous.get(cluster.name());
            LoadBalancer balancer = old != null
                    && old.config().lbPolicy() == cluster.lbPolicy()
                    && old.loadBalancer().endpoints().equals(endpoints)
                    ? old.loadBalancer()
                    : LoadBalancer.of(cluster.lbPolicy(), endpoints);
            states.put(cluster.name(), new ClusterState(cluster, balancer, metrics.service(cluster.name())));
        }
        return new Clusters(Map.copyOf(states));
    }

    /** The cluster of that name, or {@code null}. */
    public ClusterState get(String name) {
        return byName.get(name);
    }

    public Map<String, ClusterState> asMap() {
        return byName;
    }
}
