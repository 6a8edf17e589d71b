package io.banyan.sidecar.listener;

import io.banyan.dataplane.config.CircuitBreakerSettings;
import io.banyan.dataplane.config.ClusterConfig;
import io.banyan.dataplane.config.ClusterEndpoints;
import io.banyan.dataplane.config.Endpoint;
import io.banyan.dataplane.config.LbPolicy;
import io.banyan.dataplane.config.ListenerConfig;
import io.banyan.dataplane.config.MeshConfig;
import io.banyan.dataplane.config.RetryBudgetSettings;
import io.banyan.dataplane.config.RetryOn;
import io.banyan.dataplane.config.RetryPolicy;
import io.banyan.dataplane.config.Route;
import io.banyan.dataplane.config.RouteAction;
import io.banyan.dataplane.config.RouteConfig;
import io.banyan.dataplane.config.RouteMatch;
import io.banyan.dataplane.config.ThresholdSettings;
import io.banyan.dataplane.config.TrafficDirection;
import io.banyan.dataplane.config.UpstreamProtocol;
import io.banyan.dataplane.config.VirtualHost;
import io.banyan.dataplane.config.WeightedCluster;
import io.banyan.sidecar.cluster.ClusterStatus;
import io.banyan.sidecar.metrics.MetricNames;
import io.banyan.sidecar.testing.DataPlaneExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A cluster's thresholds, idle timeout and retries through a whole data plane: max_connections and
 * max_pending_requests answer 503 overflow at once, the cluster's idle timeout closes pooled connections, and a
 * one-endpoint cluster is retried on its only endpoint.
 */
class ClusterLimitsIT {

    private static final String CLUSTER = "orders";

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

    /** One listener whose every request goes to {@code cluster}, at the endpoints of {@code ports}. */
    private int start(ClusterConfig cluster, RetryPolicy retries, int... ports) throws Exception {
        VirtualHost all = new VirtualHost("all", List.of("*"), List.of(new Route(RouteMatch.prefix("/"),
                new RouteAction(List.of(new WeightedCluster(CLUSTER, 1)), Duration.ofSeconds(10), retries, null, null))));
        List<Endpoint> endpoints = java.util.Arrays.stream(ports)
                .mapToObj(port -> new Endpoint("127.0.0.1", port, 1, "", false, null)).toList();
        MeshConfig config = new MeshConfig(
                Map.of("outbound", new ListenerConfig("outbound", "127.0.0.1", 0, TrafficDirection.OUTBOUND,
                        "rc")),
                Map.of("rc", new RouteConfig("rc", List.of(all))),
                Map.of(CLUSTER, cluster),
                Map.of(CLUSTER, new ClusterEndpoints(CLUSTER, endpoints)),
                Map.of());
        dataPlane = DataPlane.builder(dataPlanes.loops(), registry).build();
        return MeshConfigs.serveOutbound(dataPlane, config);
    }

    private static ClusterConfig cluster(UpstreamProtocol protocol, Duration connectTimeout, ThresholdSettings thresholds,
                                         Duration idleTimeout) {
        return new ClusterConfig(CLUSTER, ClusterConfig.Discovery.EDS, LbPolicy.ROUND_ROBIN, connectTimeout, protocol,
                null, ClusterConfig.DEFAULT_LB, thresholds, RetryBudgetSettings.DEFAULT, null,
                CircuitBreakerSettings.DEFAULT, null, idleTimeout);
    }

    private CompletableFuture<HttpResponse<String>> getAsync(int port, String path) {
        return client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(int port, String path) {
        return getAsync(port, path).orTimeout(10, TimeUnit.SECONDS).join();
    }

    private ClusterStatus.Usage usage(String resource) {
        return dataPlane.clusterStatus().stream().filter(status -> status.name().equals(CLUSTER)).findFirst()
                .orElseThrow().thresholds().get(resource);
    }

    private GatedUpstream gatedUpstream() {
        GatedUpstream upstream = new GatedUpstream();
        resources.add(upstream);
        return upstream;
    }

    @Test
    void aThirdConnectionBeyondMaxConnectionsAnswers503OverflowWhileTheFirstTwoSucceed() throws Exception {
        GatedUpstream upstream = gatedUpstream();
        int port = start(cluster(UpstreamProtocol.HTTP1, Duration.ofSeconds(2), new ThresholdSettings(2, 1024, 1024, 3),
                Duration.ofHours(1)), RetryPolicy.none(), upstream.port());
        CompletableFuture<HttpResponse<String>> first = getAsync(port, "/hold");
        CompletableFuture<HttpResponse<String>> second = getAsync(port, "/hold");
        await().atMost(Duration.ofSeconds(5)).until(() -> upstream.held() == 2);

        HttpResponse<String> third = get(port, "/hold");

        assertThat(third.statusCode()).isEqualTo(503);
        assertThat(third.headers().firstValue("x-banyan-error")).hasValue("overflow");
        assertThat(usage("connections")).isEqualTo(new ClusterStatus.Usage(2, 2));
        assertThat(registry.get(MetricNames.CLUSTER_OVERFLOWS).tags("service", CLUSTER, "resource", "connections")
                .counter().count()).isEqualTo(1);
        upstream.release();
        assertThat(first.orTimeout(5, TimeUnit.SECONDS).join().statusCode()).isEqualTo(200);
        assertThat(second.orTimeout(5, TimeUnit.SECONDS).join().statusCode()).isEqualTo(200);
        assertThat(upstream.connections()).isEqualTo(2);
    }

    @Test
    void aSecondRequestWaitingForAConnectionBeyondMaxPendingRequestsAnswers503Overflow() throws Exception {
        ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress()); // never accepts, never answers
        resources.add(silent);
        int port = start(cluster(UpstreamProtocol.HTTP2, Duration.ofSeconds(3), new ThresholdSettings(1024, 1, 1024, 3),
                Duration.ofHours(1)), RetryPolicy.none(), silent.getLocalPort());
        CompletableFuture<HttpResponse<String>> waiting = getAsync(port, "/first");
        await().atMost(Duration.ofSeconds(5)).until(() -> usage("pending_requests").active() == 1);

        HttpResponse<String> overflow = get(port, "/second");

        assertThat(overflow.statusCode()).isEqualTo(503);
        assertThat(overflow.headers().firstValue("x-banyan-error")).hasValue("overflow");
        HttpResponse<String> timedOut = waiting.orTimeout(10, TimeUnit.SECONDS).join(); // the peer's SETTINGS never came
        assertThat(timedOut.statusCode()).isEqualTo(503);
        assertThat(timedOut.headers().firstValue("x-banyan-error")).hasValue("connect_failure");
        assertThat(usage("pending_requests").active()).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> usage("connections").active() == 0);
    }

    @Test
    void theClusterIdleTimeoutClosesAPooledConnection() throws Exception {
        GatedUpstream upstream = gatedUpstream();
        int port = start(cluster(UpstreamProtocol.HTTP1, Duration.ofSeconds(2), ThresholdSettings.DEFAULT,
                Duration.ofMillis(200)), RetryPolicy.none(), upstream.port());

        assertThat(get(port, "/hello").statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(5)).until(() -> usage("connections").active() == 0);
        assertThat(registry.get(MetricNames.UPSTREAM_CONNECTIONS).tag("service", CLUSTER).gauge().value()).isZero();
        assertThat(get(port, "/hello").statusCode()).isEqualTo(200);
        assertThat(upstream.connections()).isEqualTo(2);
    }

    @Test
    void aOneEndpointClusterIsRetriedOnItsOnlyEndpoint() throws Exception {
        GatedUpstream upstream = gatedUpstream();
        RetryPolicy on5xx = new RetryPolicy(Set.of(RetryOn.FIVE_XX), 2, Duration.ZERO, RetryPolicy.DEFAULT_BACKOFF_BASE,
                RetryPolicy.DEFAULT_BACKOFF_MAX, Set.of(), Set.of(), false);
        int port = start(cluster(UpstreamProtocol.HTTP1, Duration.ofSeconds(2), ThresholdSettings.DEFAULT,
                Duration.ofHours(1)), on5xx, upstream.port());

        HttpResponse<String> response = get(port, "/flaky");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ok");
        assertThat(upstream.requests()).isEqualTo(2);
        assertThat(registry.get(MetricNames.RETRIES).tag("service", CLUSTER).counter().count()).isEqualTo(1);
    }
}
