package io.banyan.sidecar.resilience;

import io.banyan.dataplane.config.Endpoint;
import io.banyan.primitives.time.Ticker;
import io.banyan.sidecar.metrics.MetricNames;
import io.banyan.testkit.time.FakeClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class UnreachableEndpointsTest {

    private static final Endpoint DEAD = new Endpoint("10.0.0.1", 15006, 1, "", true, null);
    private static final Endpoint ALIVE = new Endpoint("10.0.0.2", 15006, 1, "", true, null);

    private final FakeClock clock = new FakeClock();
    private final Ticker ticker = clock::nanoTime;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final UnreachableEndpoints unreachable = new UnreachableEndpoints(ticker,
            new ResilienceMetrics(registry, "orders"));

    private double ejections() {
        return registry.get(MetricNames.OUTLIER_EJECTIONS).tag("reason", "connect_failure").counter().count();
    }

    @Test
    void aRefusedConnectSkipsTheEndpointForABackoffThatDoublesWhileItStaysDead() {
        unreachable.onConnectFailure(DEAD);
        unreachable.onConnectFailure(DEAD); // another request that was already on its way: the same ejection
        assertThat(unreachable.isUnreachable(DEAD)).isTrue();
        assertThat(unreachable.isUnreachable(ALIVE)).isFalse();
        assertThat(ejections()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(unreachable.isUnreachable(DEAD)).isFalse(); // one request may try again
        unreachable.onConnectFailure(DEAD);
        assertThat(unreachable.remaining(DEAD)).isEqualTo(Duration.ofSeconds(2));
        assertThat(ejections()).isEqualTo(2);

        for (int i = 0; i < 6; i++) {
            clock.advance(unreachable.remaining(DEAD));
            unreachable.onConnectFailure(DEAD);
        }
        assertThat(unreachable.remaining(DEAD)).isEqualTo(UnreachableEndpoints.MAX_BACKOFF);
    }

    @Test
    void anAnswerMakesItReachableAndStartsTheBackoffAfresh() {
        unreachable.onConnectFailure(DEAD);
        clock.advance(Duration.ofSeconds(1));
        unreachable.onConnectFailure(DEAD);

        unreachable.onReachable(DEAD);
        assertThat(unreachable.isUnreachable(DEAD)).isFalse();
        unreachable.onConnectFailure(DEAD);
        assertThat(unreachable.remaining(DEAD)).isEqualTo(UnreachableEndpoints.BASE_BACKOFF);
    }

    @Test
    void endpointsThatLeftTheClusterAreForgotten() {
        unreachable.onConnectFailure(DEAD);

        unreachable.retainOnly(List.of(ALIVE));

        assertThat(unreachable.isUnreachable(DEAD)).isFalse();
    }
}
