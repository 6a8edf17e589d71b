package io.banyan.controlplane.xds.snapshot;

import com.google.protobuf.Struct;
import io.banyan.controlplane.authz.AuthorizationSnapshot;
import io.banyan.controlplane.policy.CircuitBreaking;
import io.banyan.controlplane.policy.EndpointBreaker;
import io.banyan.controlplane.policy.HashPolicy;
import io.banyan.controlplane.policy.HealthCheck;
import io.banyan.controlplane.policy.LbPolicy;
import io.banyan.controlplane.policy.LoadBalancing;
import io.banyan.controlplane.policy.OutlierDetection;
import io.banyan.controlplane.policy.PolicySnapshot;
import io.banyan.controlplane.policy.RateLimit;
import io.banyan.controlplane.policy.Retries;
import io.banyan.controlplane.policy.RetryBudget;
import io.banyan.controlplane.policy.Timeouts;
import io.banyan.controlplane.policy.TrafficPolicy;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.cluster.v3.CircuitBreakers;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.RoutingPriority;
import io.envoyproxy.envoy.config.route.v3.RetryPolicy;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import io.envoyproxy.envoy.type.v3.FractionalPercent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import static io.banyan.controlplane.xds.snapshot.Fixtures.registry;
import static io.banyan.controlplane.xds.snapshot.Fixtures.webNode;
import static org.assertj.core.api.Assertions.assertThat;

/** Each traffic-policy field lands in its Envoy field; the default policy's output; versions follow content. */
class PolicyXdsTest {

    private final SnapshotBuilder builder = new SnapshotBuilder("mesh.local");
    private final SidecarNodeParser parser = new SidecarNodeParser();

    private static final TrafficPolicy FULL = new TrafficPolicy(
            new LoadBalancing(LbPolicy.RING_HASH, HashPolicy.onCookie("sticky", Duration.ofHours(1)), true, 30),
            new Timeouts(Duration.ofMillis(250), Duration.ofSeconds(3), Duration.ofMillis(1500), Duration.ofMinutes(2)),
            new Retries("5xx,retriable-status-codes", 4, Duration.ofMillis(10), Duration.ofSeconds(1),
                    java.util.List.of(409), new RetryBudget(25.0, 1)),
            new CircuitBreaking(10, 5, 20, 2, new EndpointBreaker(40, null, null, null, null, Duration.ofSeconds(5), null)),
            new OutlierDetection(3, 2, Duration.ofSeconds(2), Duration.ofSeconds(20), 50, null, null, null, 0),
            new HealthCheck("/healthz", Duration.ofSeconds(5), Duration.ofMillis(500), 1, 4),
            new RateLimit(100, 10, Duration.ofSeconds(2)));

    private Snapshot build(String nodeService, Map<String, TrafficPolicy> policies, long revision) {
        return builder.build(parser.parse(webNode("sidecar~" + nodeService + "~h~1").toBuilder()
                        .setMetadata(webNode("x").getMetadata().toBuilder()
                                .putFields(io.banyan.api.xds.NodeMetadata.SERVICE, Fixtures.string(nodeService))).build()),
                registry(1, true), new PolicySnapshot(revision, new TreeMap<>(policies)),
                AuthorizationSnapshot.empty());
    }

    private Snapshot web(Map<String, TrafficPolicy> policies) {
        return builder.build(parser.parse(webNode("sidecar~web~h~1")), registry(1, true),
                new PolicySnapshot(1, new TreeMap<>(policies)), AuthorizationSnapshot.empty());
    }

    private static RouteAction outboundAction(Snapshot snapshot, String service) {
        RouteConfiguration outbound = snapshot.routes().resources().get("outbound");
        VirtualHost host = outbound.getVirtualHostsList().stream()
                .filter(vh -> vh.getName().equals(service)).findFirst().orElseThrow();
        return host.getRoutes(0).getRoute();
    }

    @Test
    void clusterCarriesLoadBalancingTimeoutsBreakersOutlierDetectionAndHealthChecks() throws Exception {
        Cluster orders = web(Map.of("orders", FULL)).clusters().resources().get("orders");

        assertThat(orders.getLbPolicy()).isEqualTo(Cluster.LbPolicy.RING_HASH);
        assertThat(orders.getCommonLbConfig().getHealthyPanicThreshold().getValue()).isEqualTo(30.0);
        assertThat(orders.getCommonLbConfig().getZoneAwareLbConfig().getRoutingEnabled().getValue()).isEqualTo(100.0);
        assertThat(orders.getConnectTimeout().getNanos()).isEqualTo(250_000_000);
        HttpProtocolOptions options = orders.getTypedExtensionProtocolOptionsOrThrow(
                "envoy.extensions.upstreams.http.v3.HttpProtocolOptions").unpack(HttpProtocolOptions.class);
        assertThat(options.getCommonHttpProtocolOptions().getIdleTimeout().getSeconds()).isEqualTo(120);
        assertThat(options.getExplicitHttpConfig().hasHttpProtocolOptions()).isTrue();
        HttpProtocolOptions grpc = web(Map.of("payments", FULL)).clusters().resources().get("payments")
                .getTypedExtensionProtocolOptionsOrThrow("envoy.extensions.upstreams.http.v3.HttpProtocolOptions")
                .unpack(HttpProtocolOptions.class);
        assertThat(grpc.getExplicitHttpConfig().hasHttp2ProtocolOptions()).isTrue();
        assertThat(grpc.getCommonHttpProtocolOptions().getIdleTimeout().getSeconds()).isEqualTo(120);

        CircuitBreakers.Thresholds limits = orders.getCircuitBreakers().getThresholds(0);
        assertThat(limits.getPriority()).isEqualTo(RoutingPriority.DEFAULT);
        assertThat(limits.getMaxConnections().getValue()).isEqualTo(10);
        assertThat(limits.getMaxPendingRequests().getValue()).isEqualTo(5);
        assertThat(limits.getMaxRequests().getValue()).isEqualTo(20);
        assertThat(limits.getMaxRetries().getValue()).isEqualTo(2);
        assertThat(limits.getRetryBudget().getBudgetPercent().getValue()).isEqualTo(25.0);
        assertThat(limits.getRetryBudget().getMinRetryConcurrency().getValue()).isEqualTo(1);

        var od = orders.getOutlierDetection();
        assertThat(od.getConsecutive5Xx().getValue()).isEqualTo(3);
        assertThat(od.getEnforcingConsecutive5Xx().getValue()).isEqualTo(100);
        assertThat(od.getConsecutiveGatewayFailure().getValue()).isEqualTo(2);
        assertThat(od.getEnforcingConsecutiveGatewayFailure().getValue()).isEqualTo(100);
        assertThat(od.getInterval().getSeconds()).isEqualTo(2);
        assertThat(od.getBaseEjectionTime().getSeconds()).isEqualTo(20);
        assertThat(od.getMaxEjectionPercent().getValue()).isEqualTo(50);
        assertThat(od.getSuccessRateMinimumHosts().getValue()).isEqualTo(5);
        assertThat(od.getSuccessRateRequestVolume().getValue()).isEqualTo(100);
        assertThat(od.getSuccessRateStdevFactor().getValue()).isEqualTo(1900);
        assertThat(od.getEnforcingSuccessRate().getValue()).isZero();

        assertThat(orders.getHealthChecksList()).singleElement().satisfies(check -> {
            assertThat(check.getHttpHealthCheck().getPath()).isEqualTo("/healthz");
            assertThat(check.getInterval().getSeconds()).isEqualTo(5);
            assertThat(check.getTimeout().getNanos()).isEqualTo(500_000_000);
            assertThat(check.getHealthyThreshold().getValue()).isEqualTo(1);
            assertThat(check.getUnhealthyThreshold().getValue()).isEqualTo(4);
        });

        Struct banyan = orders.getMetadata().getFilterMetadataOrThrow("banyan");
        assertThat(banyan.containsFields("lb_policy")).isFalse();
        Struct breaker = banyan.getFieldsOrThrow("endpoint_circuit_breaker").getStructValue();
        assertThat(breaker.getFieldsOrThrow("failure_rate_threshold").getNumberValue()).isEqualTo(40.0);
        assertThat(breaker.getFieldsOrThrow("open_duration").getStringValue()).isEqualTo("5s");
        assertThat(breaker.getFieldsOrThrow("slow_call_duration").getStringValue()).isEqualTo("10s");
        assertThat(breaker.getFieldsMap()).containsOnlyKeys("failure_rate_threshold", "slow_call_rate_threshold",
                "slow_call_duration", "minimum_calls", "sliding_window_size", "open_duration", "half_open_calls");

        // Other services keep the default policy.
        assertThat(web(Map.of("orders", FULL)).clusters().resources().get("payments"))
                .isEqualTo(web(Map.of()).clusters().resources().get("payments"));
    }

    @Test
    void peakEwmaIsLeastRequestForEnvoyAndNamedInBanyanMetadata() {
        TrafficPolicy ewma = new TrafficPolicy(new LoadBalancing(LbPolicy.PEAK_EWMA, null, null, null),
                null, null, null, null, null, null);
        Cluster orders = web(Map.of("orders", ewma)).clusters().resources().get("orders");

        assertThat(orders.getLbPolicy()).isEqualTo(Cluster.LbPolicy.LEAST_REQUEST);
        assertThat(orders.getMetadata().getFilterMetadataOrThrow("banyan").getFieldsOrThrow("lb_policy")
                .getStringValue()).isEqualTo("peak_ewma");
    }

    @Test
    void routesTowardTheServiceCarryTimeoutsRetriesAndHashPolicy() {
        Snapshot snapshot = web(Map.of("orders", FULL));
        RouteAction outbound = outboundAction(snapshot, "orders");
        RouteAction upstream = snapshot.routes().resources().get("upstream|orders").getVirtualHosts(0).getRoutes(0)
                .getRoute();

        assertThat(upstream).isEqualTo(outbound);
        assertThat(outbound.getCluster()).isEqualTo("orders");
        assertThat(outbound.getTimeout().getSeconds()).isEqualTo(3);
        RetryPolicy retry = outbound.getRetryPolicy();
        assertThat(retry.getRetryOn()).isEqualTo("5xx,retriable-status-codes");
        assertThat(retry.getNumRetries().getValue()).isEqualTo(4);
        assertThat(retry.getPerTryTimeout().getNanos()).isEqualTo(500_000_000);
        assertThat(retry.getPerTryTimeout().getSeconds()).isEqualTo(1);
        assertThat(retry.getRetryBackOff().getBaseInterval().getNanos()).isEqualTo(10_000_000);
        assertThat(retry.getRetryBackOff().getMaxInterval().getSeconds()).isEqualTo(1);
        assertThat(retry.getRetriableStatusCodesList()).containsExactly(409);
        assertThat(outbound.getHashPolicyList()).singleElement().satisfies(hash -> {
            assertThat(hash.getCookie().getName()).isEqualTo("sticky");
            assertThat(hash.getCookie().getTtl().getSeconds()).isEqualTo(3600);
        });

        TrafficPolicy byHeader = new TrafficPolicy(new LoadBalancing(LbPolicy.MAGLEV, HashPolicy.onHeader("x-user"),
                null, null), null, null, null, null, null, null);
        TrafficPolicy bySource = new TrafficPolicy(new LoadBalancing(LbPolicy.RING_HASH, HashPolicy.onSourceIp(),
                null, null), null, null, null, null, null, null);
        assertThat(outboundAction(web(Map.of("orders", byHeader)), "orders").getHashPolicy(0).getHeader()
                .getHeaderName()).isEqualTo("x-user");
        assertThat(outboundAction(web(Map.of("orders", bySource)), "orders").getHashPolicy(0)
                .getConnectionProperties().getSourceIp()).isTrue();
    }

    @Test
    void rateLimitGoesOnTheInboundRoutesOfTheServicesOwnSidecarsOnly() throws Exception {
        Snapshot ordersSidecar = build("orders", Map.of("orders", FULL), 1);
        Snapshot webSidecar = web(Map.of("orders", FULL));

        VirtualHost local = ordersSidecar.routes().resources().get("inbound").getVirtualHosts(0);
        LocalRateLimit limit = local.getTypedPerFilterConfigOrThrow("envoy.filters.http.local_ratelimit")
                .unpack(LocalRateLimit.class);
        assertThat(limit.getStatPrefix()).isNotEmpty();
        assertThat(limit.getTokenBucket().getMaxTokens()).isEqualTo(100);
        assertThat(limit.getTokenBucket().getTokensPerFill().getValue()).isEqualTo(10);
        assertThat(limit.getTokenBucket().getFillInterval().getSeconds()).isEqualTo(2);
        for (var fraction : java.util.List.of(limit.getFilterEnabled(), limit.getFilterEnforced())) {
            assertThat(fraction.getDefaultValue().getNumerator()).isEqualTo(100);
            assertThat(fraction.getDefaultValue().getDenominator()).isEqualTo(FractionalPercent.DenominatorType.HUNDRED);
        }
        assertThat(webSidecar.routes().resources().get("inbound").getVirtualHosts(0).getTypedPerFilterConfigMap())
                .isEmpty();
        Consistency.check(ordersSidecar);
    }

    @Test
    void defaultPolicyOutputIsExplicitAndUnchangedByAnEmptySnapshot() throws Exception {
        Snapshot snapshot = web(Map.of());
        Cluster orders = snapshot.clusters().resources().get("orders");

        assertThat(orders.getLbPolicy()).isEqualTo(Cluster.LbPolicy.ROUND_ROBIN);
        assertThat(orders.getConnectTimeout().getSeconds()).isEqualTo(5);
        assertThat(orders.getCommonLbConfig().getHealthyPanicThreshold().getValue()).isEqualTo(50.0);
        assertThat(orders.getCommonLbConfig().hasZoneAwareLbConfig()).isFalse();
        CircuitBreakers.Thresholds limits = orders.getCircuitBreakers().getThresholds(0);
        assertThat(limits.getMaxConnections().getValue()).isEqualTo(1024);
        assertThat(limits.getMaxRetries().getValue()).isEqualTo(1024);
        assertThat(limits.getRetryBudget().getBudgetPercent().getValue()).isEqualTo(20.0);
        assertThat(limits.getRetryBudget().getMinRetryConcurrency().getValue()).isEqualTo(3);
        assertThat(orders.hasOutlierDetection()).isFalse();
        assertThat(orders.getHealthChecksCount()).isZero();
        assertThat(orders.hasMetadata()).isFalse();

        RouteAction action = outboundAction(snapshot, "orders");
        assertThat(action.getTimeout().getSeconds()).isEqualTo(15);
        assertThat(orders.getTypedExtensionProtocolOptionsMap()).isEmpty();
        assertThat(action.getRetryPolicy().getRetryOn()).isEqualTo("connect-failure,refused-stream,reset");
        assertThat(action.getRetryPolicy().getNumRetries().getValue()).isEqualTo(2);
        assertThat(action.getRetryPolicy().hasPerTryTimeout()).isFalse();
        assertThat(action.getRetryPolicy().getRetryBackOff().getBaseInterval().getNanos()).isEqualTo(25_000_000);
        assertThat(action.getHashPolicyCount()).isZero();

        assertThat(builder.build(parser.parse(webNode("sidecar~web~h~1")), registry(1, true)).clusters().version())
                .isEqualTo(snapshot.clusters().version());
        assertThat(web(Map.of("orders", TrafficPolicy.DEFAULT)).routes().version())
                .isEqualTo(snapshot.routes().version());
        Consistency.check(web(Map.of("orders", FULL)));
    }

    @Test
    void versionsChangeIffPolicyContentChanges() {
        Snapshot base = web(Map.of());
        Snapshot same = web(Map.of("orders", TrafficPolicy.DEFAULT));
        Snapshot changed = web(Map.of("orders", FULL));
        Snapshot changedAgain = web(Map.of("orders", FULL));
        TrafficPolicy onlyRetries = new TrafficPolicy(null, null, new Retries(null, 3, null, null, null, null),
                null, null, null, null);
        Snapshot routesOnly = web(Map.of("orders", onlyRetries));

        assertThat(same.clusters().version()).isEqualTo(base.clusters().version());
        assertThat(same.routes().version()).isEqualTo(base.routes().version());
        assertThat(changed.clusters().version()).isNotEqualTo(base.clusters().version());
        assertThat(changed.routes().version()).isNotEqualTo(base.routes().version());
        assertThat(changed.endpoints().version()).isEqualTo(base.endpoints().version());
        assertThat(changed.listeners().version()).isEqualTo(base.listeners().version());
        assertThat(changedAgain.clusters().version()).isEqualTo(changed.clusters().version());
        assertThat(changedAgain.routes().version()).isEqualTo(changed.routes().version());
        assertThat(routesOnly.clusters().version()).isEqualTo(base.clusters().version());
        assertThat(routesOnly.routes().version()).isNotEqualTo(base.routes().version());
    }
}
