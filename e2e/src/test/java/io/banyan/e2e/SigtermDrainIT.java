package io.banyan.e2e;

import io.banyan.dataplane.config.AppProtocol;
import io.banyan.e2e.support.ControlPlaneExtension;
import io.banyan.e2e.support.GrpcEchoApp;
import io.banyan.e2e.support.MeshClient;
import io.banyan.e2e.support.SidecarExtension;
import io.banyan.e2e.support.SidecarProcess;
import io.banyan.e2e.support.SteadyTraffic;
import io.banyan.sidecar.Sidecar;
import io.banyan.testkit.upstream.AppUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SIGTERM to a real {@code banyan sidecar} process (one of two instances) under load does what {@code POST /drain}
 * does: /ready fails, the instance leaves the registry, its listeners serve on through the drain delay while the
 * removal reaches the client sidecar, then stop accepting; the responses it is in the middle of finish whole (HTTP/1.1:
 * then the connection closes; HTTP/2: GOAWAY, the streams in flight finish), then the process exits. Callers going
 * through a client sidecar, over HTTP/1.1 keep-alive or h2c (gRPC), see no failed and no truncated response.
 */
class SigtermDrainIT {

    @RegisterExtension
    final ControlPlaneExtension controlPlane = new ControlPlaneExtension();
    @RegisterExtension
    final SidecarExtension sidecars = new SidecarExtension(controlPlane);

    @Test
    void sigtermFinishesTheResponsesInFlightThenExits() throws Exception {
        try (AppUpstream steady = AppUpstream.start("orders-1");
             AppUpstream holding = AppUpstream.named("orders-held").holdFirst(3).start();
             SidecarProcess terminated = SidecarProcess.start("--service", "orders",
                     "--app-port", Integer.toString(holding.port()), "--app-health-path", "/health",
                     "--control-plane", controlPlane.grpcAddress(), "--token", controlPlane.admin().joinToken("orders"),
                     "--registration-ttl", "60s", "--drain-delay", "1s", "--drain-timeout", "60s")) {
            sidecars.forApp("orders", steady.port(), Duration.ofSeconds(60));
            Sidecar web = sidecars.client("web", "orders");
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> MeshClient.endpointCount(web, "orders") == 2);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("not registered: " + terminated.output(), e);
            }

            SteadyTraffic traffic = SteadyTraffic.start(web.upstreamPort("orders"), "/orders", 8, Duration.ofMillis(1));
            int held;
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> holding.held() == 3 && steady.requests() >= 50);
                terminated.terminate();
                await().atMost(Duration.ofSeconds(30)).until(() -> terminated.readyStatus() != 200);
                held = holding.held(); // half sent, the other half still to come
                holding.release();
                await().atMost(Duration.ofSeconds(60)).until(() -> !terminated.isAlive());
                int atExit = steady.requests();
                await().atMost(Duration.ofSeconds(30)).until(() -> steady.requests() >= atExit + 100);
            } finally {
                traffic.close();
            }

            assertThat(traffic.failures()).as("failed or truncated of %d requests", traffic.succeeded()
                    + traffic.failures().size()).isEmpty();
            assertThat(held).isEqualTo(3);
            assertThat(terminated.output()).contains("sidecar orders drained").doesNotContain("drain timeout");
        }
    }

    @Test
    void sigtermUnderGrpcLoadOverHttp2CostsNoCall() throws Exception {
        try (GrpcEchoApp steady = new GrpcEchoApp(); GrpcEchoApp stopping = new GrpcEchoApp();
             SidecarProcess terminated = SidecarProcess.start("--service", "echo",
                     "--app-port", Integer.toString(stopping.port()), "--app-protocol", "grpc",
                     "--control-plane", controlPlane.grpcAddress(), "--token", controlPlane.admin().joinToken("echo"),
                     "--registration-ttl", "60s", "--drain-delay", "2s", "--drain-timeout", "30s")) {
            sidecars.forApp("echo", steady.port(), AppProtocol.GRPC);
            Sidecar web = sidecars.client("web", "echo");
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> MeshClient.endpointCount(web, "echo") == 2);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("not registered: " + terminated.output(), e);
            }
            ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", web.upstreamPort("echo"),
                    InsecureChannelCredentials.create()).build(); // h2c with prior knowledge to the client sidecar
            SteadyGrpcCalls calls = new SteadyGrpcCalls(channel, 6);
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> stopping.unaryCalls() >= 50
                        && steady.unaryCalls() >= 50);
                terminated.terminate();
                await().atMost(Duration.ofSeconds(30)).until(() -> terminated.readyStatus() != 200);
                await().atMost(Duration.ofSeconds(60)).until(() -> !terminated.isAlive());
                long atExit = steady.unaryCalls();
                await().atMost(Duration.ofSeconds(30)).until(() -> steady.unaryCalls() >= atExit + 100);
            } finally {
                calls.close();
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }

            assertThat(calls.failures()).as("failed of %d calls", calls.succeeded() + calls.failures().size())
                    .isEmpty();
            assertThat(terminated.output())
                    .contains("sidecar echo draining: /ready fails from now, leaving the registry")
                    .contains("listeners keep serving for the drain delay of 2s")
                    .contains("listeners stop accepting; connections close after their current response")
                    .contains("sidecar echo drained").doesNotContain("drain timeout");
            assertThat(terminated.output().indexOf("deregistered instance"))
                    .isBetween(terminated.output().indexOf("sidecar echo draining"),
                            terminated.output().indexOf("listeners stop accepting"));
        }
    }

    /** Unary calls in a loop on a few threads over one h2c channel, until closed; counts successes, keeps failures. */
    private static final class SteadyGrpcCalls implements AutoCloseable {

        private final ExecutorService threads;
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicLong succeeded = new AtomicLong();
        private final Queue<String> failures = new ConcurrentLinkedQueue<>();

        SteadyGrpcCalls(ManagedChannel channel, int count) {
            threads = Executors.newFixedThreadPool(count);
            byte[] payload = "steady".getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < count; i++) {
                threads.execute(() -> {
                    while (!stop.get()) {
                        try {
                            ClientCalls.blockingUnaryCall(channel, GrpcEchoApp.UNARY,
                                    CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), payload);
                            succeeded.incrementAndGet();
                        } catch (StatusRuntimeException e) {
                            failures.add(e.getStatus() + " " + e.getTrailers());
                        }
                    }
                });
            }
        }

        long succeeded() {
            return succeeded.get();
        }

        List<String> failures() {
            return List.copyOf(failures);
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            threads.shutdown();
            if (!threads.awaitTermination(30, TimeUnit.SECONDS)) {
                throw new AssertionError("gRPC callers did not stop within 30 s");
            }
        }
    }
}
