package io.banyan.sidecar.proxy;

import io.banyan.dataplane.config.CircuitBreakerSettings;
import io.banyan.dataplane.config.DirectResponse;
import io.banyan.dataplane.config.ClusterConfig;
import io.banyan.dataplane.config.ClusterEndpoints;
import io.banyan.dataplane.config.Endpoint;
import io.banyan.dataplane.config.LbPolicy;
import io.banyan.dataplane.config.ListenerConfig;
import io.banyan.dataplane.config.MeshConfig;
import io.banyan.dataplane.config.RateLimitSettings;
import io.banyan.dataplane.config.RetryBudgetSettings;
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
import io.banyan.primitives.time.Ticker;
import io.banyan.sidecar.core.ErrorCause;
import io.banyan.sidecar.metrics.RequestMetrics;
import io.banyan.sidecar.resilience.ClusterThresholds;
import io.banyan.sidecar.route.RouteRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Admission in its order (authorization, route, rate limit, cluster, threshold, deadline), without Netty. */
class AdmissionTest {

    private static final ListenerConfig LISTENER =
            new ListenerConfig("outbound", "127.0.0.1", 15001, TrafficDirection.OUTBOUND, "rc");
    private static final Admission.Caller ANYONE = policy -> true;

    private final long[] now = {1_000};
    private final Ticker ticker = () -> now[0];
    private final RequestMetrics metrics = new RequestMetrics(new SimpleMeterRegistry());
    private final Admission admission = new Admission(LISTENER,
            name -> metrics.service(name == null ? "unknown" : name), ticker);

    private static RoutingState state(RouteAction action, ThresholdSettings thresholds, RequestMetrics metrics) {
        return state(List.of(new Route(RouteMatch.prefix("/"), action)), thresholds, metrics);
    }

    private static RoutingState state(List<Route> routes, ThresholdSettings thresholds, RequestMetrics metrics) {
        VirtualHost orders = new VirtualHost("orders", List.of("orders"), routes);
        ClusterConfig cluster = new ClusterConfig("orders", ClusterConfig.Discovery.STATIC, LbPolicy.ROUND_ROBIN,
                Duration.ofSeconds(1), UpstreamProtocol.HTTP1,
                new ClusterEndpoints("orders", List.of(new Endpoint("10.0.0.1", 8080, 1, "", false, null))),
                ClusterConfig.DEFAULT_LB, thresholds, RetryBudgetSettings.DEFAULT, null,
                CircuitBreakerSettings.DEFAULT, null, ClusterConfig.DEFAULT_IDLE_TIMEOUT);
        MeshConfig config = new MeshConfig(Map.of(), Map.of("rc", new RouteConfig("rc", List.of(orders))),
                Map.of("orders", cluster), Map.of(), Map.of());
        return RoutingState.from(config, RoutingState.EMPTY, metrics);
    }

    private RoutingState state(RouteAction action) {
        return state(action, ThresholdSettings.DEFAULT, metrics);
    }

    private static RouteRequest request(String authority, String target) {
        return RouteRequest.of("GET", authority, target, Map.of());
    }

    private static RouteAction toOrders(Duration timeout) {
        return new RouteAction(List.of(new WeightedCluster("orders", 1)), timeout, RetryPolicy.none(), null, null);
    }

    @Test
    void anAdmittedRequestHoldsOneRequestOfItsClusterAndHasTheRouteTimeoutAsDeadline() {
        RoutingState state = state(toOrders(Duration.ofSeconds(3)));

        AdmissionDecision decision = admission.admit(state, ANYONE, request("orders", "/x"), null, null);

        assertThat(decision.admitted()).isTrue();
        assertThat(decision.refusal()).isNull();
        assertThat(decision.cluster().config().name()).isEqualTo("orders");
        assertThat(decision.meters()).isSameAs(decision.cluster().meters());
        assertThat(decision.hash()).isNull();
        assertThat(decision.cluster().thresholds().active(ClusterThresholds.Resource.REQUESTS)).isEqualTo(1);
        now[0] += Duration.ofSeconds(1).toNanos();
        assertThat(decision.deadline().remainingNanos()).isEqualTo(Duration.ofSeconds(2).toNanos());
    }

    @Test
    void aShorterDeadlineTheRequestBroughtWins() {
        AdmissionDecision decision = admission.admit(state(toOrders(Duration.ofSeconds(3))), ANYONE, request("orders", "/x"),
                "250", "1S");

        assertThat(decision.deadline().remainingNanos()).isEqualTo(Duration.ofMillis(250).toNanos());
    }

    @Test
    void anUnauthorizedCallerIsRefusedBeforeRouting() {
        AdmissionDecision decision = admission.admit(RoutingState.EMPTY, policy -> false, request("orders", "/x"), null, null);

        assertThat(decision.refusal()).isEqualTo(ErrorCause.UNAUTHORIZED);
        assertThat(decision.meters()).isSameAs(metrics.service("unknown"));
    }

    @Test
    void aRequestNoRouteMatchesIsRefusedNoRoute() {
        AdmissionDecision decision = admission.admit(state(toOrders(Duration.ZERO)), ANYONE, request("payments", "/"), null,
                null);

        assertThat(decision.admitted()).isFalse();
        assertThat(decision.refusal()).isEqualTo(ErrorCause.NO_ROUTE);
        assertThat(decision.route()).isNull();
        assertThat(decision.detail()).as("not the shared outbound port's route table: the token alone").isNull();
    }

    @Test
    void aRouteToAClusterTheConfigLacksIsRefusedNoClusterOnThatServicesMeters() {
        RouteAction ghost = new RouteAction(List.of(new WeightedCluster("ghost", 1)), Duration.ZERO);

        AdmissionDecision decision = admission.admit(state(ghost), ANYONE, request("orders", "/"), null, null);

        assertThat(decision.refusal()).isEqualTo(ErrorCause.NO_CLUSTER);
        assertThat(decision.meters()).isSameAs(metrics.service("ghost"));
        assertThat(decision.route().action()).as("the matched route, whose response headers the reply gets")
                .isSameAs(ghost);
    }

    @Test
    void theRouteRateLimitRefusesOnceItsTokensAreSpent() {
        RoutingState state = state(toOrders(Duration.ZERO).withRateLimit(
                new RateLimitSettings(1, 1, Duration.ofHours(1))));

        assertThat(admission.admit(state, ANYONE, request("orders", "/"), null, null).admitted()).isTrue();
        AdmissionDecision second = admission.admit(state, ANYONE, request("orders", "/"), null, null);

        assertThat(second.refusal()).isEqualTo(ErrorCause.RATE_LIMITED);
    }

    @Test
    void aClusterAtItsRequestThresholdRefusesOverflowUntilOneIsGivenBack() {
        RoutingState state = state(toOrders(Duration.ZERO), new ThresholdSettings(1024, 1024, 1, 3), metrics);

        AdmissionDecision first = admission.admit(state, ANYONE, request("orders", "/"), null, null);
        AdmissionDecision second = admission.admit(state, ANYONE, request("orders", "/"), null, null);
        first.cluster().thresholds().release(ClusterThresholds.Resource.REQUESTS);
        AdmissionDecision third = admission.admit(state, ANYONE, request("orders", "/"), null, null);

        assertThat(first.admitted()).isTrue();
        assertThat(second.refusal()).isEqualTo(ErrorCause.OVERFLOW);
        assertThat(third.admitted()).isTrue();
    }

    @Test
    void aRouteThatAnswersItselfIsNeitherRefusedNorAdmittedAndHoldsNothing() {
        VirtualHost gone = new VirtualHost("orders", List.of("orders"),
                List.of(Route.directResponse(RouteMatch.prefix("/"), new DirectResponse(410, "gone"))));
        RoutingState state = RoutingState.from(new MeshConfig(Map.of(), Map.of("rc", new RouteConfig("rc", List.of(gone))),
                Map.of(), Map.of(), Map.of()), RoutingState.EMPTY, metrics);

        AdmissionDecision decision = admission.admit(state, ANYONE, request("orders", "/old"), null, null);

        assertThat(decision.answeredLocally()).isTrue();
        assertThat(decision.admitted()).isFalse();
        assertThat(decision.refusal()).isNull();
        assertThat(decision.route().directResponse().status()).isEqualTo(410);
        assertThat(decision.cluster()).isNull();
        assertThat(admission.admit(state, policy -> false, request("orders", "/old"), null, null).refusal())
                .isEqualTo(ErrorCause.UNAUTHORIZED); // authorization still comes first
    }

    @Test
    void eachRouteBringsItsOwnTimeoutAndRetryPolicy() {
        RouteAction slow = new RouteAction(List.of(new WeightedCluster("orders", 1)), Duration.ofSeconds(30),
                RetryPolicy.istioDefault(), null, null);
        RoutingState state = state(List.of(new Route(RouteMatch.prefix("/reports"), slow),
                new Route(RouteMatch.prefix("/"), toOrders(Duration.ofSeconds(2)))), ThresholdSettings.DEFAULT, metrics);

        AdmissionDecision report = admission.admit(state, ANYONE, request("orders", "/reports/1"), null, null);
        AdmissionDecision other = admission.admit(state, ANYONE, request("orders", "/orders/1"), null, null);

        assertThat(report.deadline().remainingNanos()).isEqualTo(Duration.ofSeconds(30).toNanos());
        assertThat(report.action().retryPolicy()).isEqualTo(RetryPolicy.istioDefault());
        assertThat(other.deadline().remainingNanos()).isEqualTo(Duration.ofSeconds(2).toNanos());
        assertThat(other.action().retryPolicy()).isEqualTo(RetryPolicy.none());
    }
}
