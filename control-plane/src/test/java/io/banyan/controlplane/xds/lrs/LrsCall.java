package io.banyan.controlplane.xds.lrs;

import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.load_stats.v3.LoadReportingServiceGrpc;
import io.envoyproxy.envoy.service.load_stats.v3.LoadStatsRequest;
import io.envoyproxy.envoy.service.load_stats.v3.LoadStatsResponse;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** One load-reporting stream of a test data plane: what it received and how it ended. */
final class LrsCall {

    final BlockingQueue<LoadStatsResponse> responses = new LinkedBlockingQueue<>();
    /** Completes with the status the stream ended with (OK when the server completed it). */
    final CompletableFuture<Status> ended = new CompletableFuture<>();
    private final CompletableFuture<ClientCallStreamObserver<LoadStatsRequest>> requests = new CompletableFuture<>();

    private LrsCall(Channel channel) {
        LoadReportingServiceGrpc.newStub(channel).streamLoadStats(
                new ClientResponseObserver<LoadStatsRequest, LoadStatsResponse>() {
                    @Override
                    public void beforeStart(ClientCallStreamObserver<LoadStatsRequest> stream) {
                        requests.complete(stream);
                    }

                    @Override
                    public void onNext(LoadStatsResponse response) {
                        responses.add(response);
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

    /** Opens a stream whose first request carries {@code node} and no stats, as a data plane's does. */
    static LrsCall open(Channel channel, Node node) {
        LrsCall call = new LrsCall(channel);
        call.send(LoadStatsRequest.newBuilder().setNode(node).build());
        return call;
    }

    LoadStatsResponse next() throws InterruptedException {
        LoadStatsResponse response = responses.poll(10, TimeUnit.SECONDS);
        assertThat(response).as("a LoadStatsResponse").isNotNull();
        return response;
    }

    void send(LoadStatsRequest request) {
        requests.join().onNext(request);
    }

    Status status() throws Exception {
        return ended.get(10, TimeUnit.SECONDS);
    }

    void complete() {
        requests.join().onCompleted();
    }
}
