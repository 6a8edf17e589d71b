package io.banyan.sidecar.cluster;

import io.banyan.dataplane.config.CircuitBreakerSettings;
import io.banyan.dataplane.config.ClusterConfig;
import io.banyan.dataplane.config.ClusterEndpoints;
import io.banyan.dataplane.config.Endpoint;
import io.banyan.dataplane.config.EndpointHealthCheck;
import io.banyan.dataplane.config.LbAlgorithm;
import io.banyan.dataplane.config.LbPolicy;
import io.banyan.dataplane.config.LbSettings;
import io.banyan.dataplane.config.MeshConfig;
import io.banyan.dataplane.config.OutlierSettings;
import io.banyan.dataplane.config.RetryBudgetSettings;
import io.banyan.dataplane.config.ThresholdSettings;
import io.banyan.dataplane.config.UpstreamProtocol;
import io.banyan.primitives.time.Ticker;
import io.banyan.sidecar.loadbalance.PickContext;
import io.banyan.sidecar.metrics.RequestMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ClustersTest {

    private static final List<Endpoint> THREE = List.of(new Endpoint("127.0.0.1", 8081, 1, "", false, "a"),
            new Endpoint("127.0.0.1", 8082, 1, "", false, "b"), new Endpoint("127.0.0.1", 8083, 1, "", false, "c"));
    private static final OutlierSettings EJECT_AFTER_TWO = new OutlierSettings(2, 0, Duration.ofSeconds(10),
            Duration.ofSeconds(30), Duration.ofSeconds(300), 100, false, 5, 100, 1900);

    private final AtomicLong nanos = new AtomicLong(1);
    private final RequestMetrics metrics = new RequestMetrics(new SimpleMeterRegistry());
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private ClusterEnvironment environment(HealthProber prober) {
        Ticker ticker = nanos::get;
        return new ClusterEnvironment("", scheduler, ticker, Clock.systemUTC(), new SimpleMeterRegistry(), prober);
    }

    private static ClusterConfig cluster(LbSettings lb, ThresholdSettings thresholds, OutlierSettings outlier,
                                         EndpointHealthCheck check) {
        return new ClusterConfig("orders", ClusterConfig.Discovery.EDS, LbPolicy.ROUND_ROBIN, Duration.ofSeconds(1),
                UpstreamProtocol.HTTP1, null, lb, thresholds, RetryBudgetSettings.DEFAULT, outlier,
                CircuitBreakerSettings.DEFAULT, check, Duration.ofHours(1));
    }

    private static MeshConfig mesh(ClusterConfig cluster, List<Endpoint> endpoints) {
        return new MeshConfig(Map.of(), Map.of(), Map.of("orders", cluster),
                Map.of("orders", new ClusterEndpoints("orders", endpoints)), Map.of());
    }

    @Test
    void componentsSurviveAnEqualConfigAndAreRebuiltWhenTheirSettingsChange() {
        ClusterEnvironment environment = environment(null);
        ClusterConfig config = cluster(ClusterConfig.DEFAULT_LB, ThresholdSettings.DEFAULT, EJECT_AFTER_TWO, null);
        Clusters base = Clusters.from(mesh(config, THREE), Clusters.EMPTY, metrics, environment);
        ClusterState kept = Clusters.from(mesh(config, THREE), base, metrics, environment).get("orders");
        assertThat(kept.loadBalancer()).isSameAs(base.get("orders").loadBalancer());
        assertThat(kept.thresholds()).isSameAs(base.get("orders").thresholds());
        assertThat(kept.outlier()).isSameAs(base.get("orders").outlier());
        assertThat(kept.breakers()).isSameAs(base.get("orders").breakers());
        assertThat(kept.outlier()).isNotNull();

        ClusterConfig changed = cluster(LbSettings.of(LbAlgorithm.RANDOM), new ThresholdSettings(1, 1, 1, 1), null, null);
        ClusterState rebuilt = Clusters.from(mesh(changed, THREE), base, metrics, environment).get("orders");
        assertThat(rebuilt.loadBalancer()).isNotSameAs(kept.loadBalancer());
        assertThat(rebuilt.thresholds()).isNotSameAs(kept.thresholds());
        assertThat(rebuilt.outlier()).isNull();
        assertThat(rebuilt.breakers()).isSameAs(kept.breakers());
    }

    @Test
    void anEjectedEndpointGetsNoTraffic() {
        ClusterConfig config = cluster(ClusterConfig.DEFAULT_LB, ThresholdSettings.DEFAULT, EJECT_AFTER_TWO, null);
        ClusterState state = Clusters.from(mesh(config, THREE), Clusters.EMPTY, metrics, environment(null)).get("orders");

        state.outlier().onResponse(THREE.get(0), 503);
        state.outlier().onResponse(THREE.get(0), 503);

        assertThat(picks(state)).containsExactlyInAnyOrder(THREE.get(1), THREE.get(2));
    }

    @Test
    void anEndpointFailingItsHealthCheckGetsNoTraffic() {
        Endpoint sick = THREE.get(2);
        HealthProber prober = (endpoint, check) -> CompletableFuture.completedFuture(!endpoint.equals(sick));
        EndpointHealthCheck check = new EndpointHealthCheck("/health", Duration.ofMillis(20), Duration.ofSeconds(1), 1, 2);
        ClusterConfig config = cluster(ClusterConfig.DEFAULT_LB, ThresholdSettings.DEFAULT, null, check);
        Clusters clusters = Clusters.from(mesh(config, THREE), Clusters.EMPTY, metrics, environment(prober));
        ClusterState state = clusters.get("orders");

        await().atMost(Duration.ofSeconds(5)).until(() -> !picks(state).contains(sick));

        assertThat(picks(state)).containsExactlyInAnyOrder(THREE.get(0), THREE.get(1));
        clusters.close();
    }

    @Test
    void aClusterThatLeftTheConfigLosesItsGaugesAndGetsThemBackWhenItReturns() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        RequestMetrics scraped = new RequestMetrics(registry);
        ClusterEnvironment environment = new ClusterEnvironment("", scheduler, nanos::get, Clock.systemUTC(), registry);
        ClusterConfig orders = cluster(ClusterConfig.DEFAULT_LB, ThresholdSettings.DEFAULT, EJECT_AFTER_TWO, null);
        ClusterConfig payments = renamed(orders, "payments");
        Clusters both = Clusters.from(mesh(orders, payments), Clusters.EMPTY, scraped, environment);
        assertThat(gaugeLines(registry, "payments")).hasSize(CLUSTER_GAUGES.size());
        both.get("payments").outlier().onResponse(THREE.get(0), 503);
        both.get("payments").outlier().onResponse(THREE.get(0), 503);
        assertThat(gaugeLines(registry, "payments")).contains("banyan_outlier_ejected{service=\"payments\"} 1.0");

        Clusters ordersOnly = Clusters.from(mesh(orders, THREE), both, scraped, environment);

        assertThat(gaugeLines(registry, "payments")).isEmpty();
        assertThat(gaugeLines(registry, "orders")).hasSize(CLUSTER_GAUGES.size());
        Clusters.from(mesh(orders, payments), ordersOnly, scraped, environment);
        assertThat(gaugeLines(registry, "payments")).hasSize(CLUSTER_GAUGES.size())
                .contains("banyan_endpoints_healthy{service=\"payments\"} 3.0",
                        "banyan_outlier_ejected{service=\"payments\"} 0.0");
    }

    /** The gauges of one cluster, as scraped: the series a "no healthy endpoints" alert or a dashboard reads. */
    private static final List<String> CLUSTER_GAUGES = List.of("banyan_endpoints_healthy", "banyan_outlier_ejected",
            "banyan_circuit_breakers_open", "banyan_upstream_pending_requests", "banyan_upstream_active_requests",
            "banyan_upstream_connections", "banyan_upstream_connections_active", "banyan_upstream_connections_idle");

    private static List<String> gaugeLines(PrometheusMeterRegistry registry, String service) {
        return registry.scrape().lines()
                .filter(line -> !line.startsWith("#") && line.contains("service=\"" + service + "\""))
                .filter(line -> CLUSTER_GAUGES.contains(line.substring(0, line.indexOf('{'))))
                .toList();
    }

    private static ClusterConfig renamed(ClusterConfig config, String name) {
        return new ClusterConfig(name, config.discovery(), config.lbPolicy(), config.connectTimeout(),
                config.protocol(), config.staticEndpoints(), config.lb(), config.thresholds(), config.retryBudget(),
                config.outlierDetection(), config.endpointBreaker(), config.healthCheck(), config.idleTimeout(),
                config.peerService());
    }

    private static MeshConfig mesh(ClusterConfig first, ClusterConfig second) {
        Map<String, ClusterConfig> clusters = new TreeMap<>(Map.of(first.name(), first, second.name(), second));
        return new MeshConfig(Map.of(), Map.of(), clusters, Map.of(first.name(), new ClusterEndpoints(first.name(), THREE),
                second.name(), new ClusterEndpoints(second.name(), THREE)), Map.of());
    }

    private static Set<Endpoint> picks(ClusterState state) {
        Set<Endpoint> seen = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            seen.add(state.loadBalancer().pick(PickContext.FIRST));
        }
        return seen;
    }
}
