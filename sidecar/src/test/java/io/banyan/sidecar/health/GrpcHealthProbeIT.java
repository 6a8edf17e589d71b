package io.banyan.sidecar.health;

import io.banyan.testkit.grpc.RawGrpc;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCalls;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The gRPC health protocol against a real grpc-java server on loopback. */
class GrpcHealthProbeIT {

    private static final MethodDescriptor<byte[], byte[]> CHECK = RawGrpc.unary("grpc.health.v1.Health/Check");

    private Server server;
    private GrpcHealthProbe probe;

    @AfterEach
    void stop() throws InterruptedException {
        if (probe != null) {
            probe.close();
        }
        if (server != null) {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private int serve(byte[] healthResponse) throws IOException {
        var builder = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create());
        if (healthResponse != null) {
            builder.addService(ServerServiceDefinition.builder("grpc.health.v1.Health")
                    .addMethod(CHECK, ServerCalls.asyncUnaryCall((request, reply) -> {
                        reply.onNext(healthResponse);
                        reply.onCompleted();
                    }))
                    .build());
        }
        server = builder.build().start();
        return server.getPort();
    }

    private ProbeResult check(int port) throws Exception {
        probe = new GrpcHealthProbe("127.0.0.1", port, Duration.ofSeconds(5));
        return probe.probe().get(10, TimeUnit.SECONDS);
    }

    @Test
    void servingIsHealthy() throws Exception {
        ProbeResult result = check(serve(new byte[] {0x08, 0x01}));

        assertThat(result.success()).as(result.detail()).isTrue();
    }

    @Test
    void notServingIsUnhealthy() throws Exception {
        ProbeResult result = check(serve(new byte[] {0x08, 0x02}));

        assertThat(result.success()).isFalse();
        assertThat(result.detail()).contains("status 2");
    }

    @Test
    void aServerWithoutTheHealthServiceCountsAsUp() throws Exception {
        ProbeResult result = check(serve(null));

        assertThat(result.success()).as(result.detail()).isTrue();
        assertThat(result.detail()).contains("without a health service");
    }

    @Test
    void nothingListeningIsUnhealthy() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        ProbeResult result = check(port);

        assertThat(result.success()).isFalse();
        assertThat(result.detail()).contains("UNAVAILABLE");
    }

    @Test
    void runsOnTheGivenEventLoops() throws Exception {
        int port = serve(new byte[] {0x08, 0x01});
        AtomicInteger threads = new AtomicInteger();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, runnable -> {
            threads.incrementAndGet();
            return new Thread(runnable, "probe-test-loop");
        }, NioIoHandler.newFactory());
        try {
            probe = new GrpcHealthProbe("127.0.0.1", port, Duration.ofSeconds(5), group, NioSocketChannel.class);

            ProbeResult result = probe.probe().get(10, TimeUnit.SECONDS);

            assertThat(result.success()).as(result.detail()).isTrue();
            assertThat(threads).hasValue(1);
        } finally {
            probe.close();
            probe = null;
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aGroupNeedsItsChannelType() {
        assertThatThrownBy(() -> new GrpcHealthProbe("127.0.0.1", 1, Duration.ofSeconds(1), null,
                NioSocketChannel.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected: both or neither");
    }

    @Test
    void readsTheStatusFieldAmongOthers() {
        assertThat(GrpcHealthProbe.servingStatus(new byte[0])).isZero();
        assertThat(GrpcHealthProbe.servingStatus(new byte[] {0x08, 0x03})).isEqualTo(3);
    }
}
