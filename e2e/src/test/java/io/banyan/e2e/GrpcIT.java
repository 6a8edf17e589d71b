package io.banyan.e2e;

import io.banyan.dataplane.config.AppProtocol;
import io.banyan.e2e.support.ControlPlaneExtension;
import io.banyan.e2e.support.GrpcEchoApp;
import io.banyan.e2e.support.MeshClient;
import io.banyan.e2e.support.SidecarExtension;
import io.banyan.sidecar.Sidecar;
import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * gRPC through the whole mesh: a grpc-java client speaks h2c (prior knowledge) to its sidecar's upstream port, the
 * sidecars speak HTTP/2 over mutual TLS, the app's sidecar speaks h2c to a grpc-java server. Every kind of call
 * passes with messages, status and trailers intact; a failure inside the mesh is a gRPC status, never a hang.
 */
class GrpcIT {

    private static final Metadata.Key<String> MESH_ERROR = Metadata.Key.of("x-banyan-error", Metadata.ASCII_STRING_MARSHALLER);

    @RegisterExtension
    final ControlPlaneExtension controlPlane = new ControlPlaneExtension();
    @RegisterExtension
    final SidecarExtension sidecars = new SidecarExtension(controlPlane);

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    /** An echo app behind its sidecar, and a channel to it through a client sidecar. */
    private ManagedChannel meshChannel() throws Exception {
        GrpcEchoApp app = new GrpcEchoApp();
        resources.add(app);
        sidecars.forApp("echo", app.port(), AppProtocol.GRPC);
        Sidecar web = sidecars.client("web", "echo");
        await().atMost(Duration.ofSeconds(20)).until(() -> MeshClient.endpointCount(web, "echo") == 1);
        return channelTo(web.upstreamPort("echo"));
    }

    private ManagedChannel channelTo(int port) {
        ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", port, InsecureChannelCredentials.create())
                .build();
        resources.add(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
        return channel;
    }

    private static CallOptions within(int seconds) {
        return CallOptions.DEFAULT.withDeadlineAfter(seconds, TimeUnit.SECONDS);
    }

    @Test
    void unaryCallsPassWithTheirBodies() throws Exception {
        ManagedChannel channel = meshChannel();
        byte[] payload = new byte[256 * 1024];
        new Random(3).nextBytes(payload);

        for (int i = 0; i < 20; i++) {
            byte[] reply = ClientCalls.blockingUnaryCall(channel, GrpcEchoApp.UNARY, within(10), payload);
            assertThat(reply).isEqualTo(payload);
        }
    }

    @Test
    void anAppStatusArrivesWithItsMessageAndTrailers() throws Exception {
        ManagedChannel channel = meshChannel();

        assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, GrpcEchoApp.UNARY, within(10),
                "status:5".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                    assertThat(e.getStatus().getDescription()).isEqualTo("as requested");
                    assertThat(e.getTrailers().get(GrpcEchoApp.DETAIL)).isEqualTo("asked-for");
                    assertThat(e.getTrailers().get(MESH_ERROR)).isNull();
                });
    }

    @Test
    void serverStreamingDeliversEveryMessageInOrder() throws Exception {
        ManagedChannel channel = meshChannel();
        byte[] request = "streamed back one byte at a time".getBytes(StandardCharsets.US_ASCII);

        Iterator<byte[]> replies = ClientCalls.blockingServerStreamingCall(channel, GrpcEchoApp.SPLIT, within(10), request);
        StringBuilder received = new StringBuilder();
        replies.forEachRemaining(message -> received.append((char) message[0]));

        assertThat(received.toString()).isEqualTo(new String(request, StandardCharsets.US_ASCII));
    }

    @Test
    void clientStreamingGetsOneAnswerAfterTheLastMessage() throws Exception {
        ManagedChannel channel = meshChannel();
        CompletableFuture<byte[]> answer = new CompletableFuture<>();
        StreamObserver<byte[]> requests = ClientCalls.asyncClientStreamingCall(
                channel.newCall(GrpcEchoApp.CONCAT, within(10)), observer(answer::complete, answer));

        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            String part = i + ",";
            expected.append(part);
            requests.onNext(part.getBytes(StandardCharsets.US_ASCII));
        }
        requests.onCompleted();

        assertThat(new String(answer.get(10, TimeUnit.SECONDS), StandardCharsets.US_ASCII)).isEqualTo(expected.toString());
    }

    @Test
    void bidirectionalStreamingIsAConversation() throws Exception {
        ManagedChannel channel = meshChannel();
        LinkedBlockingQueue<byte[]> replies = new LinkedBlockingQueue<>();
        CompletableFuture<byte[]> done = new CompletableFuture<>();
        StreamObserver<byte[]> requests = ClientCalls.asyncBidiStreamingCall(
                channel.newCall(GrpcEchoApp.CHAT, within(20)), observer(replies::add, done));

        for (int i = 0; i < 100; i++) {
            byte[] message = ("message " + i).getBytes(StandardCharsets.US_ASCII);
            requests.onNext(message);
            // each answer arrives before the next message is sent: the streams are not buffered to the end
            assertThat(replies.poll(10, TimeUnit.SECONDS)).isEqualTo(message);
        }
        requests.onCompleted();
        done.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aServiceWithoutInstancesIsUnavailable() throws Exception {
        Sidecar web = sidecars.client("web", "nowhere");
        ManagedChannel channel = channelTo(web.upstreamPort("nowhere"));

        assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, GrpcEchoApp.UNARY, within(10), new byte[] {1}))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                    assertThat(e.getTrailers().get(MESH_ERROR)).isIn("no_healthy_upstream", "no_cluster");
                });
    }

    @Test
    void theRouteTimeoutEndsAHangingCallAsDeadlineExceeded() throws Exception {
        HttpResponse<String> put = controlPlane.admin().send("PUT", "/v1/services/echo/policy",
                Map.of("timeouts", Map.of("request", "0.5s")));
        assertThat(put.statusCode()).as(put.body()).isBetween(200, 204);
        ManagedChannel channel = meshChannel();

        assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, GrpcEchoApp.HANG, CallOptions.DEFAULT,
                new byte[] {1}))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
                    assertThat(e.getTrailers().get(MESH_ERROR)).isEqualTo("upstream_timeout");
                });
    }

    @Test
    void theCallersDeadlineTravelsToTheApp() throws Exception {
        ManagedChannel channel = meshChannel();
        GrpcEchoApp app = (GrpcEchoApp) resources.get(0);

        assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, GrpcEchoApp.HANG,
                CallOptions.DEFAULT.withDeadlineAfter(3, TimeUnit.SECONDS), new byte[] {1}))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
        assertThat(app.lastDeadlineMillis()).isBetween(1L, 3000L);
    }

    private static <T> StreamObserver<T> observer(java.util.function.Consumer<T> onNext, CompletableFuture<?> done) {
        return new StreamObserver<>() {
            @Override
            public void onNext(T value) {
                onNext.accept(value);
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                done.complete(null);
            }
        };
    }
}
