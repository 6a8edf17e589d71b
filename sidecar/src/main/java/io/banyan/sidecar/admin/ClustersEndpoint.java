package io.banyan.sidecar.admin;

import io.banyan.sidecar.config.ClusterConfig;
import io.banyan.sidecar.config.Endpoint;
import io.banyan.sidecar.config.MeshConfig;

import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/** {@code GET /clusters}: every cluster of the current MeshConfig, by name, with its config and endpoints, as JSON. */
final class ClustersEndpoint implements AdminEndpoint {

    /** One cluster as shown. */
    record ClusterView(String name, ClusterConfig config, List<Endpoint> endpoints) {
    }

    /** The body of /clusters. */
    record ClustersView(List<ClusterView> clusters) {
    }

    private final AdminJson json;
    private final Supplier<MeshConfig> config;

    ClustersEndpoint(AdminJson json, Supplier<MeshConfig> config) {
        this.json = json;
        this.config = config;
    }

    @Override
    public AdminResponse handle() {
        MeshConfig current = config.get();
        List<ClusterView> clusters = current.clusters().values().stream()
                .sorted(Comparator.comparing(ClusterConfig::name))
                .map(cluster -> new ClusterView(cluster.name(), cluster, current.endpointsOf(cluster).endpoints()))
                .toList();
        return AdminResponse.json(200, json.write(new ClustersView(clusters)));
    }
}
