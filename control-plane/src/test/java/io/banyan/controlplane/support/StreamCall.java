package io.banyan.controlplane.support;

import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One bidirectional gRPC stream of a test client: what it received and how it ended. Pass {@link #observer()} to the
 * stub's streaming call; extend it to name a protocol's calls.
 *
 * @param <Q> the request message
 * @param <R> the response message
 */
public class StreamCall<Q, R> {

    public final BlockingQueue<R> responses = new LinkedBlockingQueue<>();
    /** Completes with the status the stream ended with (OK when the server completed it). */
    public final CompletableFuture<Status> ended = new CompletableFuture<>();
    private final CompletableFuture<ClientCallStreamObserver<Q>> requests = new CompletableFuture<>();
    private final Consumer<R> alsoOnResponse;

    public StreamCall() {
        this(response -> {
        });
    }

    /** {@code alsoOnResponse} sees every response too (on the gRPC thread), after it is queued. */
    public StreamCall(Consumer<R> alsoOnResponse) {
        this.alsoOnResponse = alsoOnResponse;
    }

    public ClientResponseObserver<Q, R> observer() {
        return new ClientResponseObserver<>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<Q> stream) {
                requests.complete(stream);
            }

            @Override
            public void onNext(R response) {
                responses.add(response);
                alsoOnResponse.accept(response);
            }

            @Override
            public void onError(Throwable t) {
                ended.complete(Status.fromThrowable(t));
            }

            @Override
            public void onCompleted() {
                ended.complete(Status.OK);
            }
        };
    }

    /** The next response, within 10 s. */
    public R next() throws InterruptedException {
        R response = responses.poll(10, TimeUnit.SECONDS);
        assertThat(response).as("a response").isNotNull();
        return response;
    }

    public void send(Q request) {
        requests.join().onNext(request);
    }

    /** How the stream ended, within 10 s. */
    public Status status() throws Exception {
        return ended.get(10, TimeUnit.SECONDS);
    }

    public void complete() {
        requests.join().onCompleted();
    }

    public void cancel() {
        requests.join().cancel("test", null);
    }
}
