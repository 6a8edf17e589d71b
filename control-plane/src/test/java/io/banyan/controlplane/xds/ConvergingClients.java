package io.banyan.controlplane.xds;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.Resource;
import io.grpc.Channel;
import io.grpc.stub.StreamObserver;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Two raw ADS clients that behave as a sidecar does, one per protocol: each ACKs every response, follows the EDS
 * subscription to the EDS clusters it holds, and keeps per type the resources (name to resource) it holds, so a test
 * can compare what a delta node and a state-of-the-world node converge to.
 */
final class ConvergingClients {

    static final String CDS = Resources.V3.CLUSTER_TYPE_URL;
    static final String EDS = Resources.V3.ENDPOINT_TYPE_URL;
    static final String LDS = Resources.V3.LISTENER_TYPE_URL;
    static final String RDS = Resources.V3.ROUTE_TYPE_URL;

    private ConvergingClients() {
    }

    /** Per type URL, name to resource. */
    interface Holder {
        Map<String, Map<String, Any>> held();
    }

    /** Hands each response to {@code onResponse}; the stream's end is the test's business. */
    static <R> StreamObserver<R> responses(Consumer<R> onResponse) {
        return responses(onResponse, error -> {
        });
    }

    /** Hands each response to {@code onResponse} and the error that ends the stream, if one does, to {@code onError}. */
    static <R> StreamObserver<R> responses(Consumer<R> onResponse, Consumer<Throwable> onError) {
        return new StreamObserver<>() {
            @Override
            public void onNext(R response) {
                onResponse.accept(response);
            }

            @Override
            public void onError(Throwable t) {
                onError.accept(t);
            }

            @Override
            public void onCompleted() {
            }
        };
    }

    private static Set<String> edsClusters(Map<String, Any> clusters) {
        Set<String> names = new TreeSet<>();
        clusters.forEach((name, any) -> {
            try {
                if (any.unpack(Cluster.class).getType() == Cluster.DiscoveryType.EDS) {
                    names.add(name);
                }
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException(e);
            }
        });
        return names;
    }

    private static Map<String, Map<String, Any>> copy(Map<String, Map<String, Any>> held) {
        Map<String, Map<String, Any>> copy = new TreeMap<>();
        held.forEach((type, resources) -> copy.put(type, new TreeMap<>(resources)));
        return copy;
    }

    /** State of the world: a response replaces the type (CDS, LDS) or the named resources it carries (EDS, RDS). */
    static final class Sotw implements Holder {

        private final Map<String, Map<String, Any>> held = new HashMap<>();
        private final Map<String, String> versions = new HashMap<>();
        private final Map<String, String> nonces = new HashMap<>();
        private final Set<String> edsNames = new TreeSet<>();
        private final List<String> routes;
        private StreamObserver<DiscoveryRequest> requests;

        Sotw(Channel channel, Node node, List<String> routes) {
            this.routes = routes;
            synchronized (this) {
                requests = AggregatedDiscoveryServiceGrpc.newStub(channel).streamAggregatedResources(
                        responses(this::received));
                requests.onNext(DiscoveryRequest.newBuilder().setNode(node).setTypeUrl(CDS).build());
                requests.onNext(DiscoveryRequest.newBuilder().setTypeUrl(LDS).build());
                requests.onNext(DiscoveryRequest.newBuilder().setTypeUrl(RDS).addAllResourceNames(routes).build());
            }
        }

        private synchronized void received(DiscoveryResponse response) {
            String type = response.getTypeUrl();
            Map<String, Any> resources = held.computeIfAbsent(type, t -> new TreeMap<>());
            if (type.equals(CDS) || type.equals(LDS)) {
                resources.clear();
            }
            for (Any any : response.getResourcesList()) {
                resources.put(name(type, any), any);
            }
            versions.put(type, response.getVersionInfo());
            nonces.put(type, response.getNonce());
            request(type);
            if (type.equals(CDS) && !edsClusters(resources).equals(edsNames)) {
                edsNames.clear();
                edsNames.addAll(edsClusters(resources));
                held.computeIfAbsent(EDS, t -> new TreeMap<>()).keySet().retainAll(edsNames);
                request(EDS);
            }
        }

        private void request(String type) {
            List<String> names = type.equals(EDS) ? List.copyOf(edsNames) : type.equals(RDS) ? routes : List.of();
            requests.onNext(DiscoveryRequest.newBuilder().setTypeUrl(type)
                    .setVersionInfo(versions.getOrDefault(type, "")).setResponseNonce(nonces.getOrDefault(type, ""))
                    .addAllResourceNames(names).build());
        }

        private static String name(String type, Any any) {
            try {
                return switch (type) {
                    case CDS -> any.unpack(Cluster.class).getName();
                    case EDS -> any.unpack(io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment.class)
                            .getClusterName();
                    case LDS -> any.unpack(io.envoyproxy.envoy.config.listener.v3.Listener.class).getName();
                    case RDS -> any.unpack(io.envoyproxy.envoy.config.route.v3.RouteConfiguration.class).getName();
                    default -> throw new IllegalStateException(type);
                };
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public synchronized Map<String, Map<String, Any>> held() {
            return copy(held);
        }
    }

    /** Incremental: a response adds and removes named resources. */
    static final class Delta implements Holder {

        private final Map<String, Map<String, Any>> held = new HashMap<>();
        private final Set<String> edsNames = new HashSet<>();
        private StreamObserver<DeltaDiscoveryRequest> requests;

        Delta(Channel channel, Node node, List<String> routes) {
            synchronized (this) {
                requests = AggregatedDiscoveryServiceGrpc.newStub(channel).deltaAggregatedResources(
                        responses(this::received));
                requests.onNext(DeltaDiscoveryRequest.newBuilder().setNode(node).setTypeUrl(CDS).build());
                requests.onNext(DeltaDiscoveryRequest.newBuilder().setTypeUrl(LDS).build());
                requests.onNext(DeltaDiscoveryRequest.newBuilder().setTypeUrl(RDS)
                        .addAllResourceNamesSubscribe(routes).build());
            }
        }

        private synchronized void received(DeltaDiscoveryResponse response) {
            String type = response.getTypeUrl();
            Map<String, Any> resources = held.computeIfAbsent(type, t -> new TreeMap<>());
            response.getRemovedResourcesList().forEach(resources::remove);
            for (Resource resource : response.getResourcesList()) {
                resources.put(resource.getName(), resource.getResource());
            }
            requests.onNext(DeltaDiscoveryRequest.newBuilder().setTypeUrl(type)
                    .setResponseNonce(response.getNonce()).build());
            if (type.equals(CDS)) {
                Set<String> wanted = edsClusters(resources);
                Set<String> added = new TreeSet<>(wanted);
                added.removeAll(edsNames);
                Set<String> removed = new TreeSet<>(edsNames);
                removed.removeAll(wanted);
                if (!added.isEmpty() || !removed.isEmpty()) {
                    edsNames.clear();
                    edsNames.addAll(wanted);
                    held.computeIfAbsent(EDS, t -> new TreeMap<>()).keySet().retainAll(wanted);
                    requests.onNext(DeltaDiscoveryRequest.newBuilder().setTypeUrl(EDS)
                            .addAllResourceNamesSubscribe(added).addAllResourceNamesUnsubscribe(removed).build());
                }
            }
        }

        @Override
        public synchronized Map<String, Map<String, Any>> held() {
            return copy(held);
        }
    }
}
