package io.banyan.controlplane.xds.snapshot;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import io.banyan.api.xds.ResourceNames;
import io.banyan.controlplane.policy.PolicySnapshot;
import io.banyan.controlplane.policy.TrafficPolicy;
import io.banyan.controlplane.registry.InstanceHealth;
import io.banyan.controlplane.registry.Protocol;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.AggregatedConfigSource;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.core.v3.Http1ProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.Http2ProtocolOptions;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Builds the Clusters of a node: one EDS cluster per service (fed over ADS) and, for a node with a local
 * app, the STATIC cluster {@code inbound|<appPort>} pointing at 127.0.0.1. Each EDS cluster carries its
 * service's traffic policy ({@link ClusterPolicy}).
 */
final class ClusterBuilder {

    /** The key Envoy reads upstream HTTP protocol options under. */
    static final String HTTP_PROTOCOL_OPTIONS = "envoy.extensions.upstreams.http.v3.HttpProtocolOptions";
    static final Duration CONNECT_TIMEOUT = Duration.newBuilder().setSeconds(5).build();
    static final String LOCALHOST = "127.0.0.1";
    /** Envoy's default upstream connection idle timeout; only a different one is written. */
    static final java.time.Duration DEFAULT_IDLE_TIMEOUT = java.time.Duration.ofHours(1);

    List<Cluster> build(SidecarNode node, SortedMap<String, List<InstanceHealth>> services) {
        return build(node, services, PolicySnapshot.empty());
    }

    List<Cluster> build(SidecarNode node, SortedMap<String, List<InstanceHealth>> services, PolicySnapshot policies) {
        List<Cluster> clusters = new ArrayList<>();
        services.forEach((service, instances) -> clusters.add(
                edsCluster(service, protocolOf(instances), policies.of(service))));
        if (node.appPort() > 0) {
            clusters.add(inboundCluster(node.appPort(), node.appProtocol()));
        }
        return clusters;
    }

    static ConfigSource ads() {
        return ConfigSource.newBuilder()
                .setAds(AggregatedConfigSource.getDefaultInstance())
                .setResourceApiVersion(ApiVersion.V3)
                .build();
    }

    /** The protocol most instances speak (ties: the first in declaration order); HTTP without instances. */
    static Protocol protocolOf(List<InstanceHealth> instances) {
        Map<Protocol, Integer> counts = new EnumMap<>(Protocol.class);
        for (InstanceHealth instance : instances) {
            Protocol protocol = instance.instance().protocol() == null ? Protocol.HTTP : instance.instance().protocol();
            counts.merge(protocol, 1, Integer::sum);
        }
        Protocol best = Protocol.HTTP;
        int bestCount = 0;
        for (Map.Entry<Protocol, Integer> entry : counts.entrySet()) {
            if (entry.getValue() > bestCount) {
                best = entry.getKey();
                bestCount = entry.getValue();
            }
        }
        return best;
    }

    /** The service's EDS cluster with its traffic policy. */
    static Cluster edsCluster(String service, Protocol protocol, TrafficPolicy policy) {
        Cluster.Builder cluster = Cluster.newBuilder()
                .setName(ResourceNames.cluster(service))
                .setType(Cluster.DiscoveryType.EDS)
                .setEdsClusterConfig(Cluster.EdsClusterConfig.newBuilder().setEdsConfig(ads()))
                .setLbPolicy(Cluster.LbPolicy.ROUND_ROBIN)
                .setConnectTimeout(CONNECT_TIMEOUT);
        boolean http2 = protocol == Protocol.HTTP2 || protocol == Protocol.GRPC;
        if (http2 || !policy.timeouts().idle().equals(DEFAULT_IDLE_TIMEOUT)) {
            cluster.putTypedExtensionProtocolOptions(HTTP_PROTOCOL_OPTIONS,
                    Any.pack(httpOptions(http2, policy.timeouts().idle())));
        }
        ClusterPolicy.apply(cluster, policy);
        return cluster.build();
    }

    /**
     * The upstream HTTP options: HTTP/2 for http2 and grpc services, and the connection idle timeout
     * ({@code common_http_protocol_options.idle_timeout}) when it is not Envoy's default of 1 h.
     */
    private static HttpProtocolOptions httpOptions(boolean http2, java.time.Duration idle) {
        HttpProtocolOptions.ExplicitHttpConfig.Builder explicit = HttpProtocolOptions.ExplicitHttpConfig.newBuilder();
        if (http2) {
            explicit.setHttp2ProtocolOptions(Http2ProtocolOptions.getDefaultInstance());
        } else {
            explicit.setHttpProtocolOptions(Http1ProtocolOptions.getDefaultInstance());
        }
        HttpProtocolOptions.Builder options = HttpProtocolOptions.newBuilder().setExplicitHttpConfig(explicit);
        if (!idle.equals(DEFAULT_IDLE_TIMEOUT)) {
            options.setCommonHttpProtocolOptions(io.envoyproxy.envoy.config.core.v3.HttpProtocolOptions.newBuilder()
                    .setIdleTimeout(Protos.duration(idle)));
        }
        return options.build();
    }

    /** The local app, reached over HTTP/2 (h2c) when it speaks http2 or grpc. */
    static Cluster inboundCluster(int appPort, Protocol appProtocol) {
        String name = ResourceNames.inboundCluster(appPort);
        Cluster.Builder cluster = Cluster.newBuilder()
                .setName(name)
                .setType(Cluster.DiscoveryType.STATIC)
                .setLbPolicy(Cluster.LbPolicy.ROUND_ROBIN)
                .setConnectTimeout(CONNECT_TIMEOUT)
                .setLoadAssignment(LoadAssignmentBuilder.local(name, LOCALHOST, appPort));
        if (appProtocol == Protocol.HTTP2 || appProtocol == Protocol.GRPC) {
            cluster.putTypedExtensionProtocolOptions(HTTP_PROTOCOL_OPTIONS,
                    Any.pack(httpOptions(true, DEFAULT_IDLE_TIMEOUT)));
        }
        return cluster.build();
    }
}
