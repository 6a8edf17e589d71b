package io.banyan.controlplane.xds;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.controlplane.support.StreamCall;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.Channel;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** One ADS stream of a test client: what it received and how it ended. */
final class AdsCall {

    /** The same responses by type URL. */
    private final Map<String, BlockingQueue<DiscoveryResponse>> byType = new ConcurrentHashMap<>();
    private final StreamCall<DiscoveryRequest, DiscoveryResponse> stream =
            new StreamCall<>(response -> queue(response.getTypeUrl()).add(response));
    final BlockingQueue<DiscoveryResponse> responses = stream.responses;
    /** Completes with the status the stream ended with (OK when the server completed it). */
    final CompletableFuture<Status> ended = stream.ended;

    private AdsCall(Channel channel) {
        AggregatedDiscoveryServiceGrpc.newStub(channel).streamAggregatedResources(stream.observer());
    }

    /** Opens a stream whose first request subscribes to every cluster as {@code node}. */
    static AdsCall open(Channel channel, Node node, String typeUrl) {
        AdsCall call = new AdsCall(channel);
        call.send(DiscoveryRequest.newBuilder().setNode(node).setTypeUrl(typeUrl).build());
        return call;
    }

    DiscoveryResponse next() throws InterruptedException {
        return stream.next();
    }

    /** The next response of type {@code typeUrl}. */
    DiscoveryResponse next(String typeUrl) throws InterruptedException {
        DiscoveryResponse response = queue(typeUrl).poll(10, TimeUnit.SECONDS);
        assertThat(response).as("a %s response", typeUrl).isNotNull();
        return response;
    }

    /** Acknowledges {@code response}, asking again for {@code names} (none: every resource of its type). */
    void ack(DiscoveryResponse response, String... names) {
        send(DiscoveryRequest.newBuilder().setTypeUrl(response.getTypeUrl()).setVersionInfo(response.getVersionInfo())
                .setResponseNonce(response.getNonce()).addAllResourceNames(List.of(names)).build());
    }

    /** The names of the clusters a CDS response carries, in order. */
    static List<String> clusterNames(DiscoveryResponse response) throws Exception {
        List<String> names = new ArrayList<>();
        for (var any : response.getResourcesList()) {
            names.add(any.unpack(Cluster.class).getName());
        }
        return names;
    }

    private BlockingQueue<DiscoveryResponse> queue(String typeUrl) {
        return byType.computeIfAbsent(typeUrl, type -> new LinkedBlockingQueue<>());
    }

    Status status() throws Exception {
        return stream.status();
    }

    void send(DiscoveryRequest request) {
        stream.send(request);
    }

    void complete() {
        stream.complete();
    }

    void cancel() {
        stream.cancel();
    }
}
