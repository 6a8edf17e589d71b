package io.banyan.controlplane.xds;

import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** One ADS stream of a test client: what it received and how it ended. */
final class AdsCall {

    final BlockingQueue<DiscoveryResponse> responses = new LinkedBlockingQueue<>();
    /** The same responses by type URL. */
    private final Map<String, BlockingQueue<DiscoveryResponse>> byType = new ConcurrentHashMap<>();
    /** Completes with the status the stream ended with (OK when the server completed it). */
    final CompletableFuture<Status> ended = new CompletableFuture<>();
    private final CompletableFuture<ClientCallStreamObserver<DiscoveryRequest>> requests = new CompletableFuture<>();

    private AdsCall(Channel channel) {
        AggregatedDiscoveryServiceGrpc.newStub(channel).streamAggregatedResources(
                new ClientResponseObserver<DiscoveryRequest, DiscoveryResponse>() {
                    @Override
                    public void beforeStart(ClientCallStreamObserver<DiscoveryRequest> stream) {
                        requests.complete(stream);
                    }

                    @Override
                    public void onNext(DiscoveryResponse response) {
                        responses.add(response);
                        queue(response.getTypeUrl()).add(response);
                    }

                    @Override
                    public void onError(Throwable t) {
                        ended.complete(Status.fromThrowable(t));
                    }

                    @Override
                    public void onCompleted() {
                        ended.complete(Status.OK);
                    }
                });
    }

    /** Opens a stream whose first request subscribes to every cluster as {@code node}. */
    static AdsCall open(Channel channel, Node node, String typeUrl) {
        AdsCall call = new AdsCall(channel);
        call.requests.join().onNext(DiscoveryRequest.newBuilder().setNode(node).setTypeUrl(typeUrl).build());
        return call;
    }

    DiscoveryResponse next() throws InterruptedException {
        DiscoveryResponse response = responses.poll(10, TimeUnit.SECONDS);
        assertThat(response).as("a response").isNotNull();
        return response;
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

    private BlockingQueue<DiscoveryResponse> queue(String typeUrl) {
        return byType.computeIfAbsent(typeUrl, type -> new LinkedBlockingQueue<>());
    }

    Status status() throws Exception {
        return ended.get(10, TimeUnit.SECONDS);
    }

    void send(DiscoveryRequest request) {
        requests.join().onNext(request);
    }

    void complete() {
        requests.join().onCompleted();
    }

    void cancel() {
        requests.join().cancel("test", null);
    }
}
