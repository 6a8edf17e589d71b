package io.banyan.sidecar.xds;

import io.banyan.primitives.time.Backoff;
import io.banyan.primitives.time.Jitter;
import io.banyan.testkit.grpc.RawGrpc;
import io.grpc.CallOptions;
import io.grpc.ConnectivityState;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

/** The control-plane channels on a given event loop group (the data plane's), against a real gRPC server. */
class ControlPlaneChannelsIT {

    private static final MethodDescriptor<byte[], byte[]> ECHO = RawGrpc.unary("test.Echo/Echo");

    private final AtomicInteger loopThreads = new AtomicInteger();
    private Server server;
    private EventLoopGroup group;

    @BeforeEach
    void start() throws IOException {
        server = echoServer(0);
        group = new MultiThreadIoEventLoopGroup(1, runnable -> {
            loopThreads.incrementAndGet();
            return new Thread(runnable, "channels-test-loop");
        }, NioIoHandler.newFactory());
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    }

    private static Server echoServer(int port) throws IOException {
        return Grpc.newServerBuilderForPort(port, InsecureServerCredentials.create())
                .addService(ServerServiceDefinition.builder("test.Echo")
                        .addMethod(ECHO, ServerCalls.asyncUnaryCall((request, reply) -> {
                            reply.onNext(request);
                            reply.onCompleted();
                        }))
                        .build())
                .build().start();
    }

    private static byte[] echo(io.grpc.Channel channel, byte[] request) {
        return ClientCalls.blockingUnaryCall(channel, ECHO, CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS),
                request);
    }

    @Test
    void sharedAndDedicatedChannelsRunOnTheGivenLoops() {
        try (ControlPlaneChannels channels = new ControlPlaneChannels("127.0.0.1", server.getPort(),
                InsecureChannelCredentials.create(), group, NioSocketChannel.class)) {
            assertThat(echo(channels.channel(), new byte[] {1, 2})).containsExactly(1, 2);

            ManagedChannel dedicated = channels.openDedicated();
            try {
                assertThat(echo(dedicated, new byte[] {3})).containsExactly(3);
            } finally {
                dedicated.shutdownNow();
            }
        }

        assertThat(loopThreads).as("threads started by the given group").hasValue(1);
        assertThat(group.isShuttingDown()).as("the group is the caller's to shut down").isFalse();
    }

    @Test
    void aGroupNeedsItsChannelType() {
        assertThatThrownBy(() -> new ControlPlaneChannels("127.0.0.1", 1, InsecureChannelCredentials.create(),
                group, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected: both or neither");
    }

    /**
     * gRPC's own reconnect backoff (1 s growing to 120 s) would make the eight attempts below take over 40 s; the
     * channel's reconnects follow our backoff instead, and once the control plane answers, the reconnect actions run
     * without anyone making a call.
     */
    @Test
    void whileTheControlPlaneIsDownTheChannelRedialsOnOurBackoffAndSaysWhenItIsBack() throws Exception {
        int port = server.getPort();
        AtomicInteger reconnected = new AtomicInteger();
        try (ControlPlaneChannels channels = new ControlPlaneChannels("127.0.0.1", port,
                InsecureChannelCredentials.create(), null, null,
                Backoff.exponential(Duration.ofMillis(50), Duration.ofMillis(100)).withJitter(Jitter.of(0.2)))) {
            channels.onReconnected(reconnected::incrementAndGet);
            assertThat(echo(channels.channel(), new byte[] {1})).containsExactly(1);
            await().atMost(Duration.ofSeconds(5)).untilAtomic(reconnected, equalTo(1));

            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            // the call below must not race the close onto the old connection (it would fail there and leave the
            // channel idle with no call to dial for): it goes once the channel has seen the connection end
            await().atMost(Duration.ofSeconds(10)).until(() -> channels.channel().getState(false) != ConnectivityState.READY);
            AtomicInteger attempts = new AtomicInteger();
            try (RefusingServer down = new RefusingServer(port, attempts)) {
                assertThatThrownBy(() -> echo(channels.channel(), new byte[] {2})).isInstanceOf(StatusRuntimeException.class);
                await().atMost(Duration.ofSeconds(10)).untilAtomic(attempts, greaterThanOrEqualTo(8));
            }

            server = echoServer(port);
            await().atMost(Duration.ofSeconds(10)).untilAtomic(reconnected, equalTo(2));
            assertThat(echo(channels.channel(), new byte[] {3})).containsExactly(3);
        }
    }

    /**
     * ADS and registration run on a {@link CertificateBoundChannel}, which moves to a fresh channel after each
     * certificate: the channel current after a renewal is paced the same way, and its reconnect actions run.
     */
    @Test
    void aCertificateBoundChannelPacesTheChannelItMovedTo() throws Exception {
        int port = server.getPort();
        AtomicInteger reconnected = new AtomicInteger();
        Backoff fast = Backoff.exponential(Duration.ofMillis(50), Duration.ofMillis(100)).withJitter(Jitter.of(0.2));
        try (ControlPlaneChannels channels = new ControlPlaneChannels("127.0.0.1", port,
                InsecureChannelCredentials.create(), null, null, fast);
             CertificateBoundChannel bound = new CertificateBoundChannel(channels::openDedicated, fast,
                     channels.target())) {
            bound.onReconnected(reconnected::incrementAndGet);
            bound.renew();
            assertThat(echo(bound, new byte[] {1})).containsExactly(1);
            await().atMost(Duration.ofSeconds(5)).untilAtomic(reconnected, equalTo(1));

            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> bound.state() != ConnectivityState.READY);
            AtomicInteger attempts = new AtomicInteger();
            try (RefusingServer down = new RefusingServer(port, attempts)) {
                assertThatThrownBy(() -> echo(bound, new byte[] {2})).isInstanceOf(StatusRuntimeException.class);
                await().atMost(Duration.ofSeconds(10)).untilAtomic(attempts, greaterThanOrEqualTo(8));
            }

            server = echoServer(port);
            await().atMost(Duration.ofSeconds(10)).untilAtomic(reconnected, equalTo(2));
            assertThat(echo(bound, new byte[] {3})).containsExactly(3);
        }
    }

    /** A control plane that is down but whose port accepts: each connection is counted and closed at once. */
    private static final class RefusingServer implements AutoCloseable {

        private final ServerSocket socket;
        private final Thread acceptor;

        RefusingServer(int port, AtomicInteger accepted) throws IOException {
            socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket connection = socket.accept()) {
                        accepted.incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "refusing-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        @Override
        public void close() throws Exception {
            socket.close();
            acceptor.join(5_000);
        }
    }
}
