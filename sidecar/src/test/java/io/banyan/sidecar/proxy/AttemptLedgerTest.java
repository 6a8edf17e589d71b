package io.banyan.sidecar.proxy;

import io.banyan.dataplane.config.CircuitBreakerSettings;
import io.banyan.dataplane.config.ClusterConfig;
import io.banyan.dataplane.config.Endpoint;
import io.banyan.dataplane.config.LbPolicy;
import io.banyan.dataplane.config.ThresholdSettings;
import io.banyan.dataplane.config.UpstreamProtocol;
import io.banyan.primitives.time.Ticker;
import io.banyan.sidecar.cluster.ClusterState;
import io.banyan.sidecar.loadbalance.RoundRobin;
import io.banyan.sidecar.resilience.ClusterThresholds;
import io.banyan.sidecar.resilience.EndpointCircuitBreakers;
import io.banyan.sidecar.resilience.ResilienceMetrics;
import io.banyan.sidecar.resilience.UnreachableEndpoints;
import io.banyan.sidecar.core.ErrorCause;
import io.banyan.sidecar.metrics.MetricNames;
import io.banyan.sidecar.metrics.RequestMetrics;
import io.banyan.sidecar.metrics.ServiceMeters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class AttemptLedgerTest {

    private static final Endpoint A = new Endpoint("10.0.0.1", 8080, 1, "", false, null);
    private static final Endpoint B = new Endpoint("10.0.0.2", 8080, 1, "", false, null);
    /** One failure among the last one call opens the breaker (for 30 s). */
    private static final CircuitBreakerSettings TRIGGER_HAPPY = new CircuitBreakerSettings(50f, 100f,
            Duration.ofSeconds(10), 1, Duration.ofSeconds(30), 1, CircuitBreakerSettings.SlidingWindowType.COUNT, 1);

    private static AttemptLedger ledger(CircuitBreakerSettings breaker, Endpoint... endpoints) {
        return new AttemptLedger(cluster(breaker, endpoints), Ticker.system());
    }

    private static ClusterState cluster(CircuitBreakerSettings breaker, Endpoint... endpoints) {
        return cluster(new SimpleMeterRegistry(), breaker, endpoints);
    }

    private static ClusterState cluster(MeterRegistry registry, CircuitBreakerSettings breaker, Endpoint... endpoints) {
        ServiceMeters meters = new RequestMetrics(registry).service("orders");
        meters.endpoints().retainOnly(Stream.of(endpoints).map(Endpoint::authority).toList());
        ResilienceMetrics metrics = ResilienceMetrics.unregistered("orders");
        ClusterConfig config = new ClusterConfig("orders", ClusterConfig.Discovery.EDS, LbPolicy.ROUND_ROBIN,
                Duration.ofSeconds(1), UpstreamProtocol.HTTP1, null);
        ClusterThresholds thresholds = new ClusterThresholds(ThresholdSettings.DEFAULT, metrics);
        return new ClusterState(config, new RoundRobin(List.of(endpoints)), meters, thresholds,
                thresholds.retryGate(), new EndpointCircuitBreakers(breaker, Clock.systemUTC(), metrics), null, metrics,
                new UnreachableEndpoints(Ticker.system(), metrics), null);
    }

    @Test
    void eachAttemptEndIsCountedOnceOnItsEndpointByStatusClassOrCause() {
        MeterRegistry registry = new SimpleMeterRegistry();
        AttemptLedger ledger = new AttemptLedger(cluster(registry, CircuitBreakerSettings.DEFAULT, A), Ticker.system());

        ledger.start(null, null);
        ledger.responded(503);
        ledger.responded(200); // no attempt in progress: not counted again
        ledger.start(null, null);
        ledger.failedLocally(ErrorCause.CONNECT_FAILURE);
        ledger.start(null, null);
        ledger.failedLocally(); // its cause is the one the exchange ends with
        ledger.ended(ErrorCause.UPSTREAM_TIMEOUT);
        ledger.ended(ErrorCause.UPSTREAM_RESET);

        String a = A.authority();
        assertThat(registry.get(MetricNames.ENDPOINT_REQUESTS).tags("endpoint", a, "status_class", "5xx").timer().count())
                .isEqualTo(1);
        assertThat(registry.find(MetricNames.ENDPOINT_REQUESTS).tags("status_class", "2xx").timer()).isNull();
        assertThat(registry.get(MetricNames.ENDPOINT_ERRORS).tags("endpoint", a, "cause", "connect_failure").counter()
                .count()).isEqualTo(1);
        assertThat(registry.get(MetricNames.ENDPOINT_ERRORS).tags("endpoint", a, "cause", "upstream_timeout").counter()
                .count()).isEqualTo(1);
        assertThat(registry.find(MetricNames.ENDPOINT_ERRORS).tags("cause", "upstream_reset").counter()).isNull();
    }

    @Test
    void aOneEndpointClusterRetriesOnItsOnlyEndpoint() {
        AttemptLedger ledger = ledger(CircuitBreakerSettings.DEFAULT, A);
        assertThat(ledger.start(null, null)).isEqualTo(A);

        ledger.responded(503);
        ledger.markTried();

        assertThat(ledger.hasRetryTarget(null, null)).isTrue();
        assertThat(ledger.start(null, null)).isEqualTo(A);
        assertThat(ledger.skippedOpen()).isFalse();
    }

    @Test
    void aRetryGoesToAnUntriedEndpointWhileThereIsOneThenToATriedOne() {
        AttemptLedger ledger = ledger(CircuitBreakerSettings.DEFAULT, A, B);
        Set<Endpoint> firstTwo = new HashSet<>();

        for (int attempt = 0; attempt < 2; attempt++) {
            Endpoint picked = ledger.start(null, null);
            firstTwo.add(picked);
            ledger.failedLocally();
            ledger.markTried();
        }

        assertThat(firstTwo).containsExactlyInAnyOrder(A, B);
        assertThat(ledger.hasRetryTarget(null, null)).isTrue();
        assertThat(ledger.start(null, null)).isIn(A, B);
    }

    @Test
    void anEndpointWhoseBreakerOpenedIsNotRetried() {
        AttemptLedger ledger = ledger(TRIGGER_HAPPY, A);
        assertThat(ledger.start(null, null)).isEqualTo(A);

        ledger.failedLocally(); // the breaker opens
        ledger.markTried();

        assertThat(ledger.start(null, null)).isNull();
        assertThat(ledger.skippedOpen()).isTrue();
        assertThat(ledger.hasRetryTarget(null, null)).isFalse();
    }

    @Test
    void aRetryAfterAnEndpointFoundOpenGoesToATriedEndpointWithAClosedBreaker() {
        ClusterState cluster = cluster(TRIGGER_HAPPY, A, B);
        AttemptLedger other = new AttemptLedger(cluster, Ticker.system());
        Endpoint opened = other.start(null, null);
        other.failedLocally(); // another request opens this endpoint's breaker
        Endpoint closed = opened.equals(A) ? B : A;

        AttemptLedger ledger = new AttemptLedger(cluster, Ticker.system());
        assertThat(ledger.start(null, null)).isEqualTo(closed);
        ledger.responded(200); // a success: its breaker stays closed
        ledger.markTried();

        assertThat(ledger.start(null, null)).isEqualTo(closed); // the untried one is open: back to the tried one
        assertThat(ledger.skippedOpen()).isTrue();
    }

    @Test
    void anEndpointThatRefusedAConnectIsPassedOverByLaterRequestsUntilItAnswers() {
        ClusterState cluster = cluster(CircuitBreakerSettings.DEFAULT, A, B);
        AttemptLedger first = new AttemptLedger(cluster, Ticker.system());
        Endpoint dead = first.start(null, null);
        first.connectFailed(); // refused: nothing was sent
        first.failedLocally();
        Endpoint alive = dead.equals(A) ? B : A;

        for (int request = 0; request < 4; request++) { // round robin would send every other one to the dead one
            AttemptLedger ledger = new AttemptLedger(cluster, Ticker.system());
            assertThat(ledger.start(null, null)).isEqualTo(alive);
            ledger.responded(200);
        }
        cluster.unreachable().onReachable(dead);
        Set<Endpoint> picked = new HashSet<>();
        for (int request = 0; request < 2; request++) {
            picked.add(new AttemptLedger(cluster, Ticker.system()).start(null, null));
        }
        assertThat(picked).containsExactlyInAnyOrder(A, B);
    }

    @Test
    void anUnreachableEndpointIsStillTriedWhenNoOtherIsLeft() {
        ClusterState cluster = cluster(CircuitBreakerSettings.DEFAULT, A);
        AttemptLedger first = new AttemptLedger(cluster, Ticker.system());
        first.start(null, null);
        first.connectFailed();
        first.failedLocally();

        AttemptLedger ledger = new AttemptLedger(cluster, Ticker.system());
        assertThat(ledger.start(null, null)).isEqualTo(A);
        ledger.responded(200); // it answered: reachable again
        assertThat(cluster.unreachable().isUnreachable(A)).isFalse();
    }
}
