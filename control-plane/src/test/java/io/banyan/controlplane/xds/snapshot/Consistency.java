package io.banyan.controlplane.xds.snapshot;

import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;

import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Snapshot.ensureConsistent(), extended: java-control-plane 1.0.49 finds listener → route references only
 * under the deprecated filter name {@code envoy.http_connection_manager}, so the LDS → RDS half is checked
 * here by typed_config instead; the references must name exactly the resources present, as there.
 */
final class Consistency {

    private Consistency() {
    }

    static void check(Snapshot snapshot) throws Exception {
        Set<String> edsClusters = new TreeSet<>();
        for (Cluster cluster : snapshot.clusters().resources().values()) {
            if (cluster.getType() == Cluster.DiscoveryType.EDS) {
                edsClusters.add(cluster.getEdsClusterConfig().getServiceName().isEmpty()
                        ? cluster.getName() : cluster.getEdsClusterConfig().getServiceName());
            }
        }
        assertThat(edsClusters).as("CDS -> EDS references").isEqualTo(snapshot.endpoints().resources().keySet());

        Set<String> routeNames = new TreeSet<>();
        for (Listener listener : snapshot.listeners().resources().values()) {
            for (FilterChain chain : listener.getFilterChainsList()) {
                for (Filter filter : chain.getFiltersList()) {
                    if (filter.getTypedConfig().is(HttpConnectionManager.class)) {
                        routeNames.add(filter.getTypedConfig().unpack(HttpConnectionManager.class).getRds()
                                .getRouteConfigName());
                    }
                }
            }
        }
        assertThat(routeNames).as("LDS -> RDS references").isEqualTo(snapshot.routes().resources().keySet());

        Set<String> clusters = snapshot.clusters().resources().keySet();
        snapshot.routes().resources().values().forEach(routes -> routes.getVirtualHostsList().forEach(host ->
                host.getRoutesList().forEach(route -> assertThat(clusters).as("RDS -> CDS references")
                        .contains(route.getRoute().getCluster()))));
    }
}
