package io.banyan.controlplane.xds;

import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.Resource;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A raw incremental ADS stream for the tests: sends what the test says, queues each response per type URL, and
 * keeps, per type, the resources (name to version and resource) the responses it applied add and remove.
 */
final class RawDeltaClient {

    static final String CDS = Resources.V3.CLUSTER_TYPE_URL;
    static final String EDS = Resources.V3.ENDPOINT_TYPE_URL;
    static final String LDS = Resources.V3.LISTENER_TYPE_URL;
    static final String RDS = Resources.V3.ROUTE_TYPE_URL;

    private final Map<String, BlockingQueue<DeltaDiscoveryResponse>> responses = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Resource>> held = new ConcurrentHashMap<>();
    private final StreamObserver<DeltaDiscoveryRequest> requests;
    /** The status of the error that ended the stream. */
    final CompletableFuture<Status> ended = new CompletableFuture<>();

    RawDeltaClient(Channel channel) {
        requests = AggregatedDiscoveryServiceGrpc.newStub(channel).deltaAggregatedResources(
                ConvergingClients.responses(response -> queue(response.getTypeUrl()).add(response),
                        error -> ended.complete(Status.fromThrowable(error))));
    }

    /** A type's first request: the node, the names to subscribe (none: wildcard) and the versions held. */
    void subscribe(Node node, String typeUrl, List<String> names, Map<String, String> initialVersions) {
        requests.onNext(DeltaDiscoveryRequest.newBuilder().setNode(node).setTypeUrl(typeUrl)
                .addAllResourceNamesSubscribe(names).putAllInitialResourceVersions(initialVersions).build());
    }

    void send(DeltaDiscoveryRequest.Builder request) {
        requests.onNext(request.build());
    }

    /** ACKs a response after applying it to what this client holds. */
    void ack(DeltaDiscoveryResponse response) {
        apply(response);
        send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(response.getTypeUrl())
                .setResponseNonce(response.getNonce()));
    }

    void apply(DeltaDiscoveryResponse response) {
        Map<String, Resource> resources = held.computeIfAbsent(response.getTypeUrl(), type -> new TreeMap<>());
        response.getResourcesList().forEach(resource -> resources.put(resource.getName(), resource));
        response.getRemovedResourcesList().forEach(resources::remove);
    }

    DeltaDiscoveryResponse next(String typeUrl) throws InterruptedException {
        DeltaDiscoveryResponse response = queue(typeUrl).poll(10, TimeUnit.SECONDS);
        assertThat(response).as("a %s delta response", typeUrl).isNotNull();
        return response;
    }

    BlockingQueue<DeltaDiscoveryResponse> queue(String typeUrl) {
        return responses.computeIfAbsent(typeUrl, type -> new LinkedBlockingQueue<>());
    }

    /** Name to version of what this client holds of a type. */
    Map<String, String> versions(String typeUrl) {
        Map<String, String> versions = new TreeMap<>();
        held.getOrDefault(typeUrl, Map.of()).forEach((name, resource) -> versions.put(name, resource.getVersion()));
        return versions;
    }

    /** The EDS clusters among the clusters held. */
    List<String> edsClusters() throws Exception {
        List<String> names = new ArrayList<>();
        for (Resource resource : held.getOrDefault(CDS, Map.of()).values()) {
            Cluster cluster = resource.getResource().unpack(Cluster.class);
            if (cluster.getType() == Cluster.DiscoveryType.EDS) {
                names.add(cluster.getName());
            }
        }
        return names;
    }

    void close() {
        requests.onCompleted();
    }

    void cancel() {
        requests.onError(Status.CANCELLED.asRuntimeException());
    }
}
