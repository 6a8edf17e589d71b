package io.banyan.dataplane.xds;

import com.google.protobuf.Any;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.banyan.api.xds.EndpointMetadata;
import io.banyan.dataplane.config.ClusterConfig;
import io.banyan.dataplane.config.ClusterEndpoints;
import io.banyan.dataplane.config.LbPolicy;
import io.banyan.dataplane.config.UpstreamProtocol;
import io.banyan.primitives.name.ServiceName;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;

import java.time.Duration;

/**
 * Cluster to {@link ClusterConfig}. Supported: type EDS (eds_cluster_config.service_name empty or the
 * cluster's name) or STATIC with a load_assignment; connect_timeout (absent: 5s); HTTP/2 from
 * {@code typed_extension_protocol_options} HttpProtocolOptions (or the deprecated
 * http2_protocol_options), and {@code metadata.filter_metadata["banyan"].protocol}
 * (http, http2, grpc, tcp) which wins when present; {@code metadata.filter_metadata["banyan"].service}, the service
 * whose identity the cluster's mesh endpoints present (absent: the cluster's name).
 *
 * <p>Traffic policy (load balancing, thresholds, retry budget, outlier detection, health checks, the
 * endpoint breaker, idle timeout): {@link ClusterPolicyTranslator}.
 */
final class ClusterTranslator {

    static final String KIND = "cluster";
    static final String HTTP_PROTOCOL_OPTIONS = "envoy.extensions.upstreams.http.v3.HttpProtocolOptions";

    private final EndpointsTranslator endpoints = new EndpointsTranslator();

    ClusterConfig translate(Cluster cluster) throws InvalidResourceException {
        String name = cluster.getName();
        if (name.isBlank()) {
            throw new InvalidResourceException(KIND, name, "name '' (expected: a non-empty name)");
        }
        ClusterConfig.Discovery discovery = discovery(cluster);
        ClusterEndpoints staticEndpoints = null;
        if (discovery == ClusterConfig.Discovery.STATIC) {
            if (!cluster.hasLoadAssignment()) {
                throw new InvalidResourceException(KIND, name, "load_assignment: absent (expected: endpoints of a STATIC cluster)");
            }
            try {
                staticEndpoints = endpoints.translate(cluster.getLoadAssignment().toBuilder().setClusterName(name).build());
            } catch (InvalidResourceException e) {
                throw new InvalidResourceException(KIND, name, "load_assignment: " + e.getMessage());
            }
        }
        Duration connectTimeout = ClusterConfig.DEFAULT_CONNECT_TIMEOUT;
        if (cluster.hasConnectTimeout()) {
            connectTimeout = ProtoFields.duration(cluster.getConnectTimeout());
            if (connectTimeout.isNegative() || connectTimeout.isZero()) {
                throw new InvalidResourceException(KIND, name, "connect_timeout " + connectTimeout + " (expected: > 0)");
            }
        }
        try {
            return new ClusterConfig(name, discovery, LbPolicy.ROUND_ROBIN, connectTimeout, protocol(cluster),
                    staticEndpoints, ClusterPolicyTranslator.lb(cluster), ClusterPolicyTranslator.thresholds(cluster),
                    ClusterPolicyTranslator.retryBudget(cluster), ClusterPolicyTranslator.outlier(cluster),
                    ClusterPolicyTranslator.endpointBreaker(cluster), ClusterPolicyTranslator.healthCheck(cluster),
                    ClusterPolicyTranslator.idleTimeout(httpOptions(cluster)), peerService(cluster));
        } catch (IllegalArgumentException e) {
            throw new InvalidResourceException(KIND, name, e.getMessage());
        }
    }

    private static ClusterConfig.Discovery discovery(Cluster cluster) throws InvalidResourceException {
        String name = cluster.getName();
        if (cluster.getClusterDiscoveryTypeCase() != Cluster.ClusterDiscoveryTypeCase.TYPE) {
            throw new InvalidResourceException(KIND, name, "cluster_type (custom) (expected: type EDS or STATIC)");
        }
        switch (cluster.getType()) {
            case EDS:
                String serviceName = cluster.getEdsClusterConfig().getServiceName();
                if (!serviceName.isEmpty() && !serviceName.equals(name)) {
                    throw new InvalidResourceException(KIND, name, "eds_cluster_config.service_name '" + serviceName
                            + "' (expected: empty or the cluster name)");
                }
                return ClusterConfig.Discovery.EDS;
            case STATIC:
                return ClusterConfig.Discovery.STATIC;
            default:
                throw new InvalidResourceException(KIND, name, "type " + cluster.getType()
                        + " (expected: EDS or STATIC)");
        }
    }

    /** {@code metadata.banyan.service} (a service name) when present, else the cluster's name. */
    private static String peerService(Cluster cluster) throws InvalidResourceException {
        Value declared = banyanField(cluster, EndpointMetadata.SERVICE);
        if (declared == null) {
            return cluster.getName();
        }
        String service = declared.getStringValue();
        if (!ServiceName.isValid(service)) {
            throw new InvalidResourceException(KIND, cluster.getName(), ServiceName.problem(service,
                    "metadata." + EndpointMetadata.FILTER + "." + EndpointMetadata.SERVICE));
        }
        return service;
    }

    /** {@code metadata.filter_metadata["banyan"].<key>}, or null when absent. */
    private static Value banyanField(Cluster cluster, String key) {
        Struct banyan = cluster.getMetadata().getFilterMetadataOrDefault(EndpointMetadata.FILTER, null);
        return banyan == null ? null : banyan.getFieldsOrDefault(key, null);
    }

    private static UpstreamProtocol protocol(Cluster cluster) throws InvalidResourceException {
        Value declared = banyanField(cluster, EndpointMetadata.PROTOCOL);
        if (declared != null) {
            switch (declared.getStringValue()) {
                case "http":
                    return UpstreamProtocol.HTTP1;
                case "http2":
                    return UpstreamProtocol.HTTP2;
                case "grpc":
                    return UpstreamProtocol.GRPC;
                case "tcp":
                    return UpstreamProtocol.TCP;
                default:
                    throw new InvalidResourceException(KIND, cluster.getName(), "metadata." + EndpointMetadata.FILTER
                            + "." + EndpointMetadata.PROTOCOL + " '" + declared.getStringValue()
                            + "' (expected: http, http2, grpc or tcp)");
            }
        }
        HttpProtocolOptions http = httpOptions(cluster);
        if (http != null) {
            if (http.hasExplicitHttpConfig() && http.getExplicitHttpConfig().hasHttp2ProtocolOptions()) {
                return UpstreamProtocol.HTTP2;
            }
            return UpstreamProtocol.HTTP1;
        }
        @SuppressWarnings("deprecation")
        boolean legacyHttp2 = cluster.hasHttp2ProtocolOptions();
        return legacyHttp2 ? UpstreamProtocol.HTTP2 : UpstreamProtocol.HTTP1;
    }

    private static HttpProtocolOptions httpOptions(Cluster cluster) throws InvalidResourceException {
        Any options = cluster.getTypedExtensionProtocolOptionsOrDefault(HTTP_PROTOCOL_OPTIONS, null);
        return options == null ? null : ProtoFields.unpack(options, HttpProtocolOptions.class,
                "typed_extension_protocol_options['" + HTTP_PROTOCOL_OPTIONS + "']", KIND, cluster.getName());
    }
}
