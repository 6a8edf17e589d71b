package io.banyan.sidecar.listener;

import io.banyan.dataplane.config.ClusterConfig;
import io.banyan.dataplane.config.ClusterEndpoints;
import io.banyan.dataplane.config.LbPolicy;
import io.banyan.dataplane.config.ListenerConfig;
import io.banyan.dataplane.config.MeshConfig;
import io.banyan.dataplane.config.PoolSettings;
import io.banyan.dataplane.config.Route;
import io.banyan.dataplane.config.RouteAction;
import io.banyan.dataplane.config.RouteConfig;
import io.banyan.dataplane.config.RouteMatch;
import io.banyan.dataplane.config.TrafficDirection;
import io.banyan.dataplane.config.UpstreamProtocol;
import io.banyan.dataplane.config.VirtualHost;
import io.banyan.sidecar.metrics.MetricNames;
import io.banyan.sidecar.testing.DataPlaneExtension;
import io.banyan.testkit.net.ClosedPorts;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.banyan.sidecar.listener.MeshConfigs.oneCluster;
import static io.banyan.sidecar.listener.MeshConfigs.serveOutbound;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class DataPlaneIT {

    private static final long TWENTY_MB = 20L * 1024 * 1024;

    @RegisterExtension
    static final DataPlaneExtension dataPlanes = new DataPlaneExtension();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private DataPlane dataPlane;

    @AfterEach
    void stop() throws Exception {
        if (dataPlane != null) {
            dataPlane.close();
        }
        for (AutoCloseable resource : resources) {
            resource.close();
        }
    }

    private TestUpstream upstream(String name) {
        TestUpstream upstream = new TestUpstream(name);
        resources.add(upstream);
        return upstream;
    }

    private int start(MeshConfig config) throws Exception {
        dataPlane = DataPlane.builder(dataPlanes.loops(), registry).build();
        return serveOutbound(dataPlane, config);
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void threeEndpointsShareRequestsEvenlyAndRequestsAreTimed() throws Exception {
        List<TestUpstream> upstreams = List.of(upstream("a"), upstream("b"), upstream("c"));
        int port = start(oneCluster("outbound", 0, Duration.ofSeconds(5),
                upstreams.stream().mapToInt(TestUpstream::port).toArray()));

        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            HttpResponse<String> response = get(port, "/hello");
            assertThat(response.statusCode()).isEqualTo(200);
            answers.add(response.body());
        }

        Map<String, Long> share = answers.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(share).containsExactlyInAnyOrderEntriesOf(Map.of("a", 10L, "b", 10L, "c", 10L));
        assertThat(registry.get(MetricNames.REQUESTS).tags("service", "orders", "direction", "outbound",
                "status_class", "2xx").timer().count()).isEqualTo(30);
    }

    @Test
    void keepAliveReusesUpstreamConnectionsAndStripsHopByHopHeaders() throws Exception {
        TestUpstream upstream = upstream("a");
        int port = start(oneCluster("outbound", 0, Duration.ofSeconds(5), upstream.port()));

        for (int i = 0; i < 20; i++) {
            HttpResponse<String> response = get(port, "/hello");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("x-upstream-connection")).hasValue("-");
        }

        assertThat(upstream.requests()).isEqualTo(20);
        assertThat(upstream.connections()).isEqualTo(1);
        assertThat(registry.get(MetricNames.UPSTREAM_CONNECTIONS).tag("service", "orders").gauge().value()).isEqualTo(1);
    }

    @Test
    void twentyMegabytesStreamBothWaysByteIdenticalWithoutBuffering() throws Exception {
        TestUpstream upstream = upstream("a");
        int port = start(oneCluster("outbound", 0, Duration.ofSeconds(60), upstream.port()));
        AtomicLong peak = new AtomicLong();
        AtomicLong pinnedPeak = new AtomicLong();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                peak.accumulateAndGet(PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory(), Math::max);
                pinnedPeak.accumulateAndGet(PooledByteBufAllocator.DEFAULT.pinnedDirectMemory(), Math::max);
                Thread.onSpinWait();
            }
        });
        sampler.start();
        try {
            HttpResponse<String> upload = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/sha256"))
                            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new PatternBytes(TWENTY_MB))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(upload.statusCode()).isEqualTo(200);
            assertThat(upload.body()).isEqualTo(PatternBytes.sha256(TWENTY_MB));

            HttpResponse<InputStream> download = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/bytes/" + TWENTY_MB)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(download.statusCode()).isEqualTo(200);
            assertThat(sha256(download.body())).isEqualTo(PatternBytes.sha256(TWENTY_MB));
        } finally {
            sampling.set(false);
            sampler.join();
        }
        LoggerHolder.log.info("peak pooled direct memory during 20 MB transfers: {} bytes used (arena chunks), {} bytes pinned",
                peak.get(), pinnedPeak.get());
        assertThat(peak.get()).isLessThan(TWENTY_MB / 2);
        assertThat(pinnedPeak.get()).isLessThan(2L * 1024 * 1024);
    }

    @Test
    void clusterWithoutEndpointsAnswers503NoHealthyUpstream() throws Exception {
        int port = start(oneCluster("outbound", 0, Duration.ofSeconds(5)));

        HttpResponse<String> response = get(port, "/hello");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("x-banyan-error")).hasValue("no_healthy_upstream");
        assertThat(response.body()).isEqualTo("no_healthy_upstream\n");
        assertThat(registry.get(MetricNames.MESH_ERRORS).tag("cause", "no_healthy_upstream").counter().count()).isEqualTo(1);
    }

    @Test
    void refusedEndpointIsSkippedForALiveOne() throws Exception {
        TestUpstream live = upstream("live");
        int port = start(oneCluster("outbound", 0, Duration.ofSeconds(5), ClosedPorts.pick(), live.port()));

        for (int i = 0; i < 6; i++) {
            HttpResponse<String> response = get(port, "/hello");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("live");
        }
    }

    @Test
    void onlyRefusedEndpointsAnswer503ConnectFailure() throws Exception {
        int port = start(oneCluster("outbound", 0, Duration.ofSeconds(5), ClosedPorts.pick(), ClosedPorts.pick()));

        HttpResponse<String> response = get(port, "/hello");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("x-banyan-error")).hasValue("connect_failure");
    }

    @Test
    void upstreamResetBeforeTheResponseAnswers502() throws Exception {
        TestUpstream upstream = upstream("a");
        int port = start(oneCluster("outbound", 0, Duration.ofSeconds(5), upstream.port()));

        HttpResponse<String> response = get(port, "/reset");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.headers().firstValue("x-banyan-error")).hasValue("upstream_reset");
        assertThat(get(port, "/after").statusCode()).isEqualTo(200);
    }

    @Test
    void aStalePooledConnectionIsRetriedOnceOnAFreshOne() throws Exception {
        TestUpstream upstream = upstream("a");
        int port = start(oneCluster("outbound", 0, Duration.ofSeconds(5), upstream.port()));

        assertThat(get(port, "/once").statusCode()).isEqualTo(200);
        HttpResponse<String> second = get(port, "/once");

        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(upstream.connections()).isEqualTo(2);
        assertThat(registry.get(MetricNames.RETRIES).tag("service", "orders").counter().count()).isEqualTo(1);
    }

    @Test
    void upstreamResetAfterTheResponseStartedClosesTheDownstream() throws Exception {
        TestUpstream upstream = upstream("a");
        int port = start(oneCluster("outbound", 0, Duration.ofSeconds(5), upstream.port()));

        assertThatThrownBy(() -> get(port, "/partial")).isInstanceOf(IOException.class);
        assertThat(registry.get(MetricNames.MESH_ERRORS).tag("cause", "upstream_reset").counter().count()).isEqualTo(1);
    }

    @Test
    void routeTimeoutAfterTheResponseStartedClosesTheDownstream() throws Exception {
        TestUpstream upstream = upstream("a");
        int port = start(oneCluster("outbound", 0, Duration.ofMillis(300), upstream.port()));

        assertThatThrownBy(() -> get(port, "/stall")).isInstanceOf(IOException.class);
        assertThat(registry.get(MetricNames.MESH_ERRORS).tag("cause", "upstream_timeout").counter().count()).isEqualTo(1);
    }

    @Test
    void inboundListenerWithoutWorkloadCertificateRefusesEveryConnection() throws Exception {
        TestUpstream app = upstream("app");
        ListenerConfig inbound = new ListenerConfig("inbound", "127.0.0.1", 0, TrafficDirection.INBOUND, "inbound");
        ClusterConfig localApp = new ClusterConfig("local-app", ClusterConfig.Discovery.STATIC, LbPolicy.ROUND_ROBIN,
                Duration.ofSeconds(1), UpstreamProtocol.HTTP1,
                new ClusterEndpoints("local-app", List.of(MeshConfigs.endpoint(app.port()))));
        RouteConfig routes = new RouteConfig("inbound", List.of(new VirtualHost("local", List.of("*"),
                List.of(new Route(RouteMatch.prefix("/"), RouteAction.toCluster("local-app"))))));
        // no InboundTls: inbound is mutual TLS only, so nothing is served
        dataPlane = DataPlane.builder(dataPlanes.loops(), registry).build();
        dataPlane.onConfig(new MeshConfig(Map.of("inbound", inbound), Map.of("inbound", routes),
                Map.of("local-app", localApp), Map.of(), Map.of()));
        dataPlane.ready().get(5, TimeUnit.SECONDS);
        int inboundPort = dataPlane.boundPort("inbound");

        assertThatThrownBy(() -> get(inboundPort, "/hello")).isInstanceOf(IOException.class);
        assertThat(app.requests()).isZero();
    }

    @Test
    void routeTimeoutAnswers504() throws Exception {
        TestUpstream upstream = upstream("a");
        int port = start(oneCluster("outbound", 0, Duration.ofMillis(300), upstream.port()));

        HttpResponse<String> response = get(port, "/slow");

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(response.headers().firstValue("x-banyan-error")).hasValue("upstream_timeout");
        assertThat(response.body()).isEqualTo("upstream_timeout\n");
    }

    @Test
    void configUpdateClosesARemovedListenerAndBindsANewOne() throws Exception {
        TestUpstream upstream = upstream("a");
        int first = start(oneCluster("outbound", 0, Duration.ofSeconds(5), upstream.port()));
        assertThat(get(first, "/hello").statusCode()).isEqualTo(200);

        dataPlane.onConfig(oneCluster(List.of(new ListenerConfig("app-orders", "127.0.0.1", 0,
                TrafficDirection.OUTBOUND, "rc")), Duration.ofSeconds(5), upstream.port()));

        await().atMost(Duration.ofSeconds(5)).until(() -> refuses(first) && dataPlane.boundListeners().containsKey("app-orders"));
        assertThat(dataPlane.boundListeners()).containsOnlyKeys("app-orders");
        assertThat(get(dataPlane.boundPort("app-orders"), "/hello").body()).isEqualTo("a");
    }

    @Test
    void aListenerOnPortZeroIsBoundToAPortTheOsChoseAndReportsIt() throws Exception {
        TestUpstream upstream = upstream("a");
        dataPlane = DataPlane.builder(dataPlanes.loops(), registry).build();
        dataPlane.onConfig(oneCluster("outbound", 0, Duration.ofSeconds(5), upstream.port()));
        dataPlane.ready().get(5, TimeUnit.SECONDS);

        int port = dataPlane.boundPort("outbound");

        assertThat(port).isPositive().isEqualTo(dataPlane.boundListeners().get("outbound").getPort());
        assertThat(get(port, "/hello").body()).isEqualTo("a");
        assertThatThrownBy(() -> dataPlane.boundPort("inbound"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("listener: 'inbound' (expected: one of the bound listeners [outbound])");
    }

    @Test
    void aReservedPortIsTakenOverByTheListenerOfThatPortAndServes() throws Exception {
        TestUpstream upstream = upstream("a");
        dataPlane = DataPlane.builder(dataPlanes.loops(), registry).build();
        int reserved = dataPlane.reservePort("127.0.0.1");
        try (RawHttpConnection early = new RawHttpConnection(reserved)) { // waits in the kernel's queue until then
            early.send("GET /hello HTTP/1.1\r\nHost: orders\r\n\r\n");

            dataPlane.onConfig(oneCluster("outbound", reserved, Duration.ofSeconds(5), upstream.port()));
            dataPlane.ready().get(5, TimeUnit.SECONDS);

            assertThat(dataPlane.boundPort("outbound")).isEqualTo(reserved);
            assertThat(early.read().bodyText()).isEqualTo("a");
        }
        assertThat(get(reserved, "/hello").body()).isEqualTo("a");
    }

    @Test
    void aReservedPortNoListenerTookIsClosedWithTheDataPlane() throws Exception {
        dataPlane = DataPlane.builder(dataPlanes.loops(), registry).build();
        int reserved = dataPlane.reservePort("127.0.0.1");

        dataPlane.close();

        assertThat(refuses(reserved)).isTrue();
    }

    @Test
    void bindFailureFailsReadyNamingTheListener() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            dataPlane = DataPlane.builder(dataPlanes.loops(), registry).build();
            dataPlane.onConfig(oneCluster("outbound", taken.getLocalPort(), Duration.ofSeconds(5)));

            assertThatThrownBy(() -> dataPlane.ready().get(5, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("listener outbound could not bind 127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void drainStopsAcceptingAndClosesIdleConnections() throws Exception {
        TestUpstream upstream = upstream("a");
        int port = start(oneCluster("outbound", 0, Duration.ofSeconds(5), upstream.port()));
        assertThat(get(port, "/hello").statusCode()).isEqualTo(200); // leaves a keep-alive connection open

        dataPlane.drain().get(5, TimeUnit.SECONDS);

        assertThat(refuses(port)).isTrue();
        assertThat(dataPlane.boundListeners()).isEmpty();
    }

    @Test
    void drainEndsOnceAResponseThatStartedBeforeItIsComplete() throws Exception {
        try (java.net.ServerSocket app = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             Socket client = new Socket("127.0.0.1",
                     start(oneCluster("outbound", 0, Duration.ofSeconds(5), app.getLocalPort())))) {
            client.setSoTimeout(5000);
            client.getOutputStream().write("GET /hello HTTP/1.1\r\nHost: orders\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            try (Socket upstream = app.accept()) {
                readUntil(upstream.getInputStream(), "\r\n\r\n");
                upstream.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nab"
                        .getBytes(StandardCharsets.US_ASCII));
                readUntil(client.getInputStream(), "ab"); // the head went out, kept alive, before the drain

                var drained = dataPlane.drain();
                for (var loop : dataPlanes.loops().group()) {
                    loop.submit(() -> { }).get(5, TimeUnit.SECONDS); // after the drain event on every event loop
                }
                upstream.getOutputStream().write("cd".getBytes(StandardCharsets.US_ASCII));

                readUntil(client.getInputStream(), "cd");
                drained.get(5, TimeUnit.SECONDS); // the connection closed after the response instead of idling
                assertThat(client.getInputStream().read()).isEqualTo(-1);
            }
        }
    }

    private static String readUntil(InputStream in, String end) throws IOException {
        StringBuilder read = new StringBuilder();
        while (read.indexOf(end) < 0) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed before '" + end + "' after: " + read);
            }
            read.append((char) b);
        }
        return read.toString();
    }

    @Test
    void clientDisconnectClosesTheUpstreamConnection() throws Exception {
        TestUpstream upstream = upstream("a");
        int port = start(oneCluster("outbound", 0, Duration.ZERO, upstream.port()));
        var gauge = registry.get(MetricNames.UPSTREAM_CONNECTIONS).tag("service", "orders").gauge();

        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write("GET /slow HTTP/1.1\r\nHost: orders\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            await().atMost(Duration.ofSeconds(5)).until(() -> upstream.requests() == 1 && gauge.value() == 1);
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> gauge.value() == 0);
    }

    @Test
    void idlePooledConnectionsCloseAfterTheIdleTimeout() throws Exception {
        TestUpstream upstream = upstream("a");
        dataPlane = DataPlane.builder(dataPlanes.loops(), registry)
                .poolSettings(new PoolSettings(Duration.ofMillis(200), 8))
                .build();
        int port = serveOutbound(dataPlane, oneCluster("outbound", 0, Duration.ofSeconds(5), upstream.port()));

        assertThat(get(port, "/hello").statusCode()).isEqualTo(200);

        var gauge = registry.get(MetricNames.UPSTREAM_CONNECTIONS).tag("service", "orders").gauge();
        await().atMost(Duration.ofSeconds(5)).until(() -> gauge.value() == 0);
        assertThat(get(port, "/hello").statusCode()).isEqualTo(200);
        assertThat(upstream.connections()).isEqualTo(2);
    }

    private static boolean refuses(int port) {
        return RawHttpConnection.refused(port);
    }

    private static String sha256(InputStream in) throws IOException {
        MessageDigest digest = PatternBytes.sha256();
        byte[] buffer = new byte[64 * 1024];
        try (in) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static final class LoggerHolder {
        static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DataPlaneIT.class);
    }
}
