package io.banyan.sidecar.admin;

import io.banyan.adminserver.AdminRequest;
import io.banyan.adminserver.AdminResponse;
import io.banyan.adminserver.RouteHandler;
import io.banyan.dataplane.config.ClusterConfig;
import io.banyan.dataplane.config.Endpoint;
import io.banyan.dataplane.config.MeshConfig;

import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code GET /clusters}: every cluster by name as JSON. With the data plane's live status: each cluster's
 * config, panic, outlier, threshold and retry usage, and each endpoint with its health flags (Envoy's
 * {@code failed_active_hc}, {@code failed_outlier_check}, plus {@code circuit_open}); without it (no data
 * plane yet), each cluster of the current MeshConfig with its config and endpoints.
 */
final class ClustersEndpoint implements RouteHandler {

    /** One cluster as shown when there is no live status. */
    record ClusterView(String name, ClusterConfig config, List<Endpoint> endpoints) {
    }

    /** The body of /clusters: {@code clusters} is the live status list, or {@link ClusterView}s. */
    record ClustersView(Object clusters) {
    }

    private final AdminJson json;
    private final Supplier<MeshConfig> config;
    private final Supplier<?> clusterStatus;

    ClustersEndpoint(AdminJson json, Supplier<MeshConfig> config, Supplier<?> clusterStatus) {
        this.json = json;
        this.config = config;
        this.clusterStatus = clusterStatus;
    }

    @Override
    public AdminResponse handle(AdminRequest request) {
        Object live = clusterStatus.get();
        return AdminResponse.json(200, json.write(new ClustersView(live != null ? live : fromConfig())));
    }

    private List<ClusterView> fromConfig() {
        MeshConfig current = config.get();
        return current.clusters().values().stream()
                .sorted(Comparator.comparing(ClusterConfig::name))
                .map(cluster -> new ClusterView(cluster.name(), cluster, current.endpointsOf(cluster).endpoints()))
                .toList();
    }
}
