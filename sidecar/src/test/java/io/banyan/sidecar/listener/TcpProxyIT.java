package io.banyan.sidecar.listener;

import io.banyan.dataplane.config.ClusterConfig;
import io.banyan.dataplane.config.ClusterEndpoints;
import io.banyan.dataplane.config.Endpoint;
import io.banyan.dataplane.config.LbPolicy;
import io.banyan.dataplane.config.ListenerConfig;
import io.banyan.dataplane.config.MeshConfig;
import io.banyan.dataplane.config.TrafficDirection;
import io.banyan.dataplane.config.UpstreamProtocol;
import io.banyan.sidecar.metrics.MetricNames;
import io.banyan.sidecar.testing.DataPlaneExtension;
import io.banyan.testkit.net.ClosedPorts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A DataPlane's outbound tcp_proxy listener in front of plain TCP apps, on loopback. */
class TcpProxyIT {

    private static final String LISTENER = "outbound|9001";
    private static final String CLUSTER = "orders";

    @RegisterExtension
    static final DataPlaneExtension dataPlanes = new DataPlaneExtension();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private int listenerPort;

    @AfterEach
    void close() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    private TcpTestServer app(String name) throws Exception {
        return app(name, new byte[0]);
    }

    private TcpTestServer app(String name, byte[] answerAfterEof) throws Exception {
        TcpTestServer app = new TcpTestServer(name, answerAfterEof);
        resources.add(app);
        return app;
    }

    /** A data plane whose tcp listener relays to cluster orders of the given ports. */
    private void proxy(int... ports) throws Exception {
        DataPlane plane = DataPlane.builder(dataPlanes.loops(), meters).build();
        resources.add(plane);
        ClusterConfig cluster = new ClusterConfig(CLUSTER, ClusterConfig.Discovery.EDS, LbPolicy.ROUND_ROBIN,
                Duration.ofSeconds(2), UpstreamProtocol.HTTP1, null);
        List<Endpoint> endpoints = Arrays.stream(ports).mapToObj(MeshConfigs::endpoint).toList();
        plane.onConfig(new MeshConfig(
                Map.of(LISTENER, ListenerConfig.tcp(LISTENER, "127.0.0.1", 0, TrafficDirection.OUTBOUND,
                        CLUSTER)),
                Map.of(), Map.of(CLUSTER, cluster), Map.of(CLUSTER, new ClusterEndpoints(CLUSTER, endpoints)),
                Map.of()));
        plane.ready().get(5, TimeUnit.SECONDS);
        listenerPort = plane.boundPort(LISTENER);
    }

    private double counter(String name, String... tags) {
        Counter counter = meters.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] all = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    private static byte[] sha256(byte[] bytes) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }

    @Test
    void megabytesRoundTripByteIdenticalAndTheAnswerAfterHalfCloseArrives() throws Exception {
        TcpTestServer app = app("a");
        proxy(app.port());
        byte[] payload = new byte[4 * 1024 * 1024];
        new Random(17).nextBytes(payload);

        byte[] received = TcpClient.exchange(listenerPort, payload);

        byte[] expected = concat(payload, app.trailer());
        assertThat(received.length).isEqualTo(expected.length);
        assertThat(sha256(received)).isEqualTo(sha256(expected));
        assertThat(counter(MetricNames.TCP_BYTES, "listener", LISTENER, "to", "upstream"))
                .isEqualTo(payload.length);
        assertThat(counter(MetricNames.TCP_BYTES, "listener", LISTENER, "to", "downstream"))
                .isEqualTo(expected.length);
        assertThat(counter(MetricNames.TCP_CONNECTIONS, "listener", LISTENER, "service", CLUSTER)).isEqualTo(1);
    }

    /**
     * The client half-closes before the app says anything, so the sidecar's downstream has nothing to read or write
     * for a moment; then the app's answer is far larger than the client's receive window, so writing it to the
     * downstream has to wait for the socket to drain, again and again. Every byte arrives before the EOF.
     */
    @Test
    void aLargeAnswerAfterTheClientsHalfCloseArrivesWholeThroughASmallReceiveWindow() throws Exception {
        byte[] answer = new byte[8 * 1024 * 1024];
        new Random(23).nextBytes(answer);
        TcpTestServer app = app("a", answer);
        proxy(app.port());
        byte[] request = "ping".getBytes(StandardCharsets.US_ASCII);

        byte[] received;
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(8 * 1024); // before connecting: the window the sidecar must wait on
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), listenerPort));
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(request);
            socket.shutdownOutput();
            received = TcpClient.readAll(socket.getInputStream());
        }

        byte[] expected = concat(concat(request, answer), app.trailer());
        assertThat(received.length).isEqualTo(expected.length);
        assertThat(sha256(received)).isEqualTo(sha256(expected));
        assertThat(counter(MetricNames.TCP_BYTES, "listener", LISTENER, "to", "downstream"))
                .isEqualTo(expected.length);
    }

    /**
     * HTTP listeners keep the main transport (epoll where available); tcp_proxy listeners, which allow half-closure,
     * run on the NIO stream group, and so do their upstreams (an epoll channel could not register on those loops).
     */
    @Test
    void tcpListenersRunOnNioWhileHttpListenersKeepTheMainTransport() throws Exception {
        TcpTestServer app = app("a");
        EventLoops loops = dataPlanes.loops();
        DataPlane plane = DataPlane.builder(loops, meters).build();
        resources.add(plane);
        plane.onConfig(MeshConfigs.oneCluster(List.of(
                new ListenerConfig("http", "127.0.0.1", 0, TrafficDirection.OUTBOUND, "rc"),
                ListenerConfig.tcp(LISTENER, "127.0.0.1", 0, TrafficDirection.OUTBOUND, CLUSTER)),
                Duration.ofSeconds(5), app.port()));
        plane.ready().get(5, TimeUnit.SECONDS);

        Channel http = plane.listenerChannel("http");
        Channel tcp = plane.listenerChannel(LISTENER);
        assertThat(http).isInstanceOf(Epoll.isAvailable() ? EpollServerSocketChannel.class
                : NioServerSocketChannel.class);
        assertThat(http.eventLoop().parent()).isSameAs(loops.group());
        assertThat(tcp).isInstanceOf(NioServerSocketChannel.class);
        assertThat(tcp.eventLoop().parent()).isSameAs(loops.streamGroup());
        byte[] payload = "hello".getBytes(StandardCharsets.US_ASCII);
        assertThat(TcpClient.exchange(plane.boundPort(LISTENER), payload)).isEqualTo(concat(payload, app.trailer()));
    }

    /**
     * A port reserved before the config (on the main transport) is not adopted by the tcp_proxy listener of that
     * port: the reservation is closed and the port bound afresh on NIO.
     */
    @Test
    void aReservedPortIsBoundAfreshOnNioByTheTcpListenerOfThatPort() throws Exception {
        TcpTestServer app = app("a");
        DataPlane plane = DataPlane.builder(dataPlanes.loops(), meters).build();
        resources.add(plane);
        int reserved = plane.reservePort("127.0.0.1");
        ClusterConfig cluster = new ClusterConfig(CLUSTER, ClusterConfig.Discovery.EDS, LbPolicy.ROUND_ROBIN,
                Duration.ofSeconds(2), UpstreamProtocol.HTTP1, null);

        plane.onConfig(new MeshConfig(
                Map.of(LISTENER, ListenerConfig.tcp(LISTENER, "127.0.0.1", reserved, TrafficDirection.OUTBOUND,
                        CLUSTER)),
                Map.of(), Map.of(CLUSTER, cluster),
                Map.of(CLUSTER, new ClusterEndpoints(CLUSTER, List.of(MeshConfigs.endpoint(app.port())))), Map.of()));
        plane.ready().get(5, TimeUnit.SECONDS);

        assertThat(plane.boundPort(LISTENER)).isEqualTo(reserved);
        assertThat(plane.listenerChannel(LISTENER)).isInstanceOf(NioServerSocketChannel.class);
        byte[] payload = "hello".getBytes(StandardCharsets.US_ASCII);
        assertThat(TcpClient.exchange(reserved, payload)).isEqualTo(concat(payload, app.trailer()));
    }

    @Test
    void halfCloseReachesTheAppWhichStillAnswersThenTheClientSeesEof() throws Exception {
        TcpTestServer app = app("a");
        proxy(app.port());
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), listenerPort)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            assertThat(in.readNBytes(5)).isEqualTo("hello".getBytes(StandardCharsets.US_ASCII));

            socket.shutdownOutput(); // the app answers only once it sees EOF

            assertThat(new String(TcpClient.readAll(in), StandardCharsets.US_ASCII)).isEqualTo("\nEOF seen by a");
        }
    }

    @Test
    void connectionsAreBalancedAcrossEndpoints() throws Exception {
        TcpTestServer a = app("a");
        TcpTestServer b = app("b");
        proxy(a.port(), b.port());

        Set<String> servedBy = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            servedBy.add(new String(TcpClient.exchange(listenerPort, new byte[0]), StandardCharsets.US_ASCII));
        }

        assertThat(servedBy).containsExactlyInAnyOrder("\nEOF seen by a", "\nEOF seen by b");
        assertThat(a.accepted()).isEqualTo(2);
        assertThat(b.accepted()).isEqualTo(2);
    }

    @Test
    void aDeadEndpointIsSkippedForALiveOne() throws Exception {
        TcpTestServer live = app("live");
        int dead = ClosedPorts.pick();
        proxy(dead, live.port());

        for (int i = 0; i < 4; i++) {
            byte[] received = TcpClient.exchange(listenerPort, "ping".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(received, StandardCharsets.US_ASCII)).isEqualTo("ping\nEOF seen by live");
        }

        assertThat(live.accepted()).isEqualTo(4);
        assertThat(counter(MetricNames.TCP_CONNECT_FAILURES, "listener", LISTENER, "service", CLUSTER))
                .isGreaterThanOrEqualTo(1);
        assertThat(counter(MetricNames.TCP_CONNECTIONS_FAILED, "listener", LISTENER, "service", CLUSTER)).isZero();
    }

    @Test
    void noReachableEndpointClosesTheDownstream() throws Exception {
        proxy(ClosedPorts.pick(), ClosedPorts.pick());

        byte[] received = TcpClient.exchangeUntilClosed(listenerPort, "ping".getBytes(StandardCharsets.US_ASCII));

        assertThat(received).isEmpty();
        assertThat(counter(MetricNames.TCP_CONNECT_FAILURES, "listener", LISTENER, "service", CLUSTER)).isEqualTo(2);
        assertThat(counter(MetricNames.TCP_CONNECTIONS_FAILED, "listener", LISTENER, "service", CLUSTER))
                .isEqualTo(1);
    }
}
