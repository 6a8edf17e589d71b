package io.banyan.sidecar.cluster;

import io.banyan.dataplane.config.CircuitBreakerSettings;
import io.banyan.dataplane.config.ClusterConfig;
import io.banyan.dataplane.config.ClusterEndpoints;
import io.banyan.dataplane.config.Endpoint;
import io.banyan.dataplane.config.EndpointHealthCheck;
import io.banyan.dataplane.config.LbPolicy;
import io.banyan.dataplane.config.MeshConfig;
import io.banyan.dataplane.config.OutlierSettings;
import io.banyan.dataplane.config.RetryBudgetSettings;
import io.banyan.dataplane.config.ThresholdSettings;
import io.banyan.dataplane.config.UpstreamProtocol;
import io.banyan.sidecar.metrics.RequestMetrics;
import io.banyan.sidecar.resilience.ClusterThresholds;
import io.banyan.testkit.time.FakeClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The live state /clusters shows: health flags from health checks, outlier detection and endpoint breakers. */
class ClusterStatusTest {

    private static final Endpoint A = new Endpoint("127.0.0.1", 8081, 1, "zone-a", false, "a");
    private static final Endpoint B = new Endpoint("127.0.0.1", 8082, 2, "zone-b", false, "b");
    private static final Endpoint C = new Endpoint("127.0.0.1", 8083, 3, "zone-c", true, "c");
    private static final List<Endpoint> THREE = List.of(A, B, C);
    /** Two 5xx in a row eject for 30 s; sweeps every 10 min, so none runs during a test. */
    private static final OutlierSettings EJECT_AFTER_TWO = new OutlierSettings(2, 0, Duration.ofMinutes(10),
            Duration.ofSeconds(30), Duration.ofSeconds(300), 100, false, 5, 100, 1900);
    /** Two failures in the last two calls open the breaker for 10 s; one probe call when half open. */
    private static final CircuitBreakerSettings OPEN_AFTER_TWO = new CircuitBreakerSettings(50f, 100f,
            Duration.ofSeconds(10), 2, Duration.ofSeconds(10), 1, CircuitBreakerSettings.SlidingWindowType.COUNT, 2);
    private static final EndpointHealthCheck CHECK =
            new EndpointHealthCheck("/health", Duration.ofMillis(20), Duration.ofSeconds(1), 1, 1);

    private final FakeClock clock = new FakeClock();
    private final RequestMetrics metrics = new RequestMetrics(new SimpleMeterRegistry());
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private Clusters clusters = Clusters.EMPTY;

    @AfterEach
    void stop() {
        clusters.close();
        scheduler.shutdownNow();
    }

    @Test
    void showsEachEndpointsFlagsAndTheClustersUsage() {
        HealthProber failsC = (endpoint, check) -> CompletableFuture.completedFuture(!endpoint.equals(C));
        clusters = Clusters.from(mesh(cluster(EJECT_AFTER_TWO, CHECK)), Clusters.EMPTY, metrics, environment(failsC));
        ClusterState state = clusters.get("orders");

        // A: two 503 in a row eject it. B: two failed calls open its breaker. C: fails its health check.
        state.outlier().onResponse(A, 503);
        state.outlier().onResponse(A, 503);
        state.breakers().onResult(B, Duration.ofMillis(5), false);
        state.breakers().onResult(B, Duration.ofMillis(5), false);
        // One request in flight to B, one retry.
        assertThat(state.thresholds().tryAcquire(ClusterThresholds.Resource.REQUESTS)).isTrue();
        state.loadBalancer().onStart(B);
        assertThat(state.retryGate().tryAcquire()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> flags(status(), C).contains(EndpointStatus.FAILED_ACTIVE_HC));

        ClusterStatus status = status();
        assertThat(status.name()).isEqualTo("orders");
        assertThat(status.config().outlierDetection()).isEqualTo(EJECT_AFTER_TWO);
        assertThat(status.panic()).as("one of three endpoints healthy: below the 50%% panic threshold").isTrue();
        assertThat(status.outlier()).isEqualTo(new ClusterStatus.Outlier(1, 100));
        assertThat(status.thresholds()).containsEntry("requests", new ClusterStatus.Usage(1, 1024))
                .containsEntry("connections", new ClusterStatus.Usage(0, 1024))
                .containsEntry("pending_requests", new ClusterStatus.Usage(0, 1024))
                .containsEntry("retries", new ClusterStatus.Usage(0, 1024));
        assertThat(status.retries()).isEqualTo(new ClusterStatus.Retries("retry_budget", 1, 3));

        EndpointStatus a = endpoint(status, A);
        assertThat(a.healthFlags()).containsExactly(EndpointStatus.FAILED_OUTLIER_CHECK);
        assertThat(a.ejection()).isEqualTo(new EndpointStatus.Ejection("consecutive_5xx", 30_000));
        assertThat(a.activeRequests()).isZero();
        assertThat(a.address()).isEqualTo("127.0.0.1:8081");
        assertThat(a.zone()).isEqualTo("zone-a");
        assertThat(a.weight()).isEqualTo(1);

        EndpointStatus b = endpoint(status, B);
        assertThat(b.healthFlags()).containsExactly(EndpointStatus.CIRCUIT_OPEN);
        assertThat(b.ejection()).isNull();
        assertThat(b.activeRequests()).isEqualTo(1);
        assertThat(b.weight()).isEqualTo(2);
        assertThat(b.peakEwmaMillis()).as("round robin: no latency estimate shown").isNull();

        EndpointStatus c = endpoint(status, C);
        assertThat(c.healthFlags()).containsExactly(EndpointStatus.FAILED_ACTIVE_HC);
        assertThat(c.mesh()).isTrue();
        assertThat(c.instanceId()).isEqualTo("c");
    }

    @Test
    void timeShortensTheEjectionAndAProbeCallHalfOpensTheBreaker() {
        clusters = Clusters.from(mesh(cluster(EJECT_AFTER_TWO, null)), Clusters.EMPTY, metrics, environment(null));
        ClusterState state = clusters.get("orders");
        state.outlier().onLocalFailure(A);
        state.outlier().onLocalFailure(A);
        state.breakers().onResult(B, Duration.ofMillis(5), false);
        state.breakers().onResult(B, Duration.ofMillis(5), false);

        clock.advance(Duration.ofSeconds(12));
        assertThat(state.breakers().isCallPermitted(B)).as("the wait is over: one probe call").isTrue();

        ClusterStatus status = status();
        assertThat(endpoint(status, A).ejection()).isEqualTo(new EndpointStatus.Ejection("consecutive_5xx", 18_000));
        assertThat(endpoint(status, B).healthFlags()).containsExactly(EndpointStatus.CIRCUIT_HALF_OPEN);
        assertThat(endpoint(status, C).healthFlags()).isEmpty();
        assertThat(status.panic()).isFalse();
    }

    @Test
    void withoutOutlierDetectionNothingIsFlaggedAndReadingCreatesNoBreaker() {
        clusters = Clusters.from(mesh(cluster(null, null)), Clusters.EMPTY, metrics, environment(null));
        ClusterState state = clusters.get("orders");

        ClusterStatus status = status();

        assertThat(status.outlier()).isNull();
        assertThat(status.endpoints()).extracting(EndpointStatus::address)
                .containsExactly("127.0.0.1:8081", "127.0.0.1:8082", "127.0.0.1:8083");
        assertThat(status.endpoints()).allSatisfy(endpoint -> assertThat(endpoint.healthFlags()).isEmpty());
        assertThat(state.breakers().peekState(A)).isEqualTo(io.github.resilience4j.circuitbreaker.CircuitBreaker.State.CLOSED);
    }

    @Test
    void anEndpointWhoseConnectFailedIsFlaggedWhilePicksPassItOver() {
        clusters = Clusters.from(mesh(cluster(null, null)), Clusters.EMPTY, metrics, environment(null));
        ClusterState state = clusters.get("orders");

        state.unreachable().onConnectFailure(C);
        assertThat(endpoint(status(), C).healthFlags()).containsExactly(EndpointStatus.FAILED_CONNECT);

        clock.advance(Duration.ofSeconds(1)); // the backoff is over: one request may try it
        assertThat(endpoint(status(), C).healthFlags()).isEmpty();
    }

    @Test
    void clustersAreListedByName() {
        ClusterConfig orders = cluster(null, null);
        ClusterConfig billing = new ClusterConfig("billing", ClusterConfig.Discovery.EDS, LbPolicy.ROUND_ROBIN,
                Duration.ofSeconds(1), UpstreamProtocol.HTTP1, null);
        MeshConfig config = new MeshConfig(Map.of(), Map.of(), Map.of("orders", orders, "billing", billing),
                Map.of("orders", new ClusterEndpoints("orders", THREE),
                        "billing", new ClusterEndpoints("billing", List.of(A))), Map.of());
        clusters = Clusters.from(config, Clusters.EMPTY, metrics, environment(null));

        assertThat(clusters.status()).extracting(ClusterStatus::name).containsExactly("billing", "orders");
        assertThat(Clusters.EMPTY.status()).isEmpty();
    }

    private ClusterStatus status() {
        List<ClusterStatus> all = clusters.status();
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    private static EndpointStatus endpoint(ClusterStatus status, Endpoint endpoint) {
        return status.endpoints().stream().filter(e -> e.address().equals(endpoint.authority())).findFirst().orElseThrow();
    }

    private static List<String> flags(ClusterStatus status, Endpoint endpoint) {
        return endpoint(status, endpoint).healthFlags();
    }

    private ClusterEnvironment environment(HealthProber prober) {
        return new ClusterEnvironment("", scheduler, clock::nanoTime, clock, new SimpleMeterRegistry(), prober);
    }

    private static ClusterConfig cluster(OutlierSettings outlier, EndpointHealthCheck check) {
        return new ClusterConfig("orders", ClusterConfig.Discovery.EDS, LbPolicy.ROUND_ROBIN, Duration.ofSeconds(1),
                UpstreamProtocol.HTTP1, null, ClusterConfig.DEFAULT_LB, ThresholdSettings.DEFAULT,
                RetryBudgetSettings.DEFAULT, outlier, OPEN_AFTER_TWO, check, Duration.ofHours(1));
    }

    private static MeshConfig mesh(ClusterConfig cluster) {
        return new MeshConfig(Map.of(), Map.of(), Map.of("orders", cluster),
                Map.of("orders", new ClusterEndpoints("orders", THREE)), Map.of());
    }
}
