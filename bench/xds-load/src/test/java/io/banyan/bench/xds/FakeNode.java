package io.banyan.bench.xds;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A node view whose declarations and held resources a test sets. */
final class FakeNode implements NodeView {

    private final List<String> declared;
    final Map<String, Cluster> clusters = new HashMap<>();
    final Map<String, ClusterLoadAssignment> endpoints = new HashMap<>();

    FakeNode(String... declared) {
        this.declared = List.of(declared);
    }

    FakeNode holding(String... services) {
        for (String service : services) {
            clusters.put(service, Cluster.newBuilder().setName(service).build());
        }
        return this;
    }

    @Override
    public boolean declares(String service) {
        return declared.contains(service);
    }

    @Override
    public boolean holdsCluster(String service) {
        return clusters.containsKey(service);
    }

    @Override
    public Optional<Cluster> cluster(String name) {
        return Optional.ofNullable(clusters.get(name));
    }

    @Override
    public Optional<ClusterLoadAssignment> endpoints(String name) {
        return Optional.ofNullable(endpoints.get(name));
    }
}
