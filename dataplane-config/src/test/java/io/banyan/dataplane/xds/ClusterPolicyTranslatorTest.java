package io.banyan.dataplane.xds;

import com.google.protobuf.Any;
import com.google.protobuf.Struct;
import com.google.protobuf.UInt32Value;
import com.google.protobuf.UInt64Value;
import com.google.protobuf.Value;
import io.banyan.dataplane.config.CircuitBreakerSettings;
import io.banyan.dataplane.config.ClusterConfig;
import io.banyan.dataplane.config.EndpointHealthCheck;
import io.banyan.dataplane.config.LbAlgorithm;
import io.banyan.dataplane.config.OutlierSettings;
import io.banyan.dataplane.config.RetryBudgetSettings;
import io.banyan.dataplane.config.ThresholdSettings;
import io.banyan.testkit.xds.XdsResources;
import io.envoyproxy.envoy.config.cluster.v3.CircuitBreakers;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.cluster.v3.OutlierDetection;
import io.envoyproxy.envoy.config.core.v3.HealthCheck;
import io.envoyproxy.envoy.config.core.v3.HttpProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.Metadata;
import io.envoyproxy.envoy.config.core.v3.RoutingPriority;
import io.envoyproxy.envoy.type.v3.Percent;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterPolicyTranslatorTest {

    private final ClusterTranslator translator = new ClusterTranslator();

    private static Cluster.Builder orders() {
        return XdsResources.edsCluster("orders").toBuilder();
    }

    private static com.google.protobuf.Duration seconds(long s) {
        return com.google.protobuf.Duration.newBuilder().setSeconds(s).build();
    }

    private static Metadata banyan(String key, Value value) {
        return Metadata.newBuilder().putFilterMetadata("banyan", Struct.newBuilder().putFields(key, value).build()).build();
    }

    @Test
    void aClusterWithoutPolicyGetsTheDefaults() throws Exception {
        ClusterConfig config = translator.translate(orders().build());

        assertThat(config.lb()).isEqualTo(ClusterConfig.DEFAULT_LB);
        assertThat(config.thresholds()).isEqualTo(ThresholdSettings.DEFAULT);
        assertThat(config.retryBudget()).isEqualTo(RetryBudgetSettings.DEFAULT);
        assertThat(config.outlierDetection()).isNull();
        assertThat(config.healthCheck()).isNull();
        assertThat(config.endpointBreaker()).isEqualTo(CircuitBreakerSettings.DEFAULT);
        assertThat(config.idleTimeout()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void readsEachLbPolicy() throws Exception {
        assertThat(translator.translate(orders().setLbPolicy(Cluster.LbPolicy.RANDOM).build()).lb().algorithm())
                .isEqualTo(LbAlgorithm.RANDOM);
        assertThat(translator.translate(orders().setLbPolicy(Cluster.LbPolicy.LEAST_REQUEST).build()).lb().algorithm())
                .isEqualTo(LbAlgorithm.LEAST_REQUEST);
        assertThat(translator.translate(orders().setLbPolicy(Cluster.LbPolicy.MAGLEV).build()).lb().algorithm())
                .isEqualTo(LbAlgorithm.MAGLEV);
        assertThat(translator.translate(orders().setLbPolicy(Cluster.LbPolicy.RING_HASH).build()).lb().algorithm())
                .isEqualTo(LbAlgorithm.RING_HASH);
    }

    @Test
    void peakEwmaIsLeastRequestWithBanyanMetadata() throws Exception {
        Cluster cluster = orders().setLbPolicy(Cluster.LbPolicy.LEAST_REQUEST)
                .setMetadata(banyan("lb_policy", Value.newBuilder().setStringValue("peak_ewma").build())).build();

        assertThat(translator.translate(cluster).lb().algorithm()).isEqualTo(LbAlgorithm.PEAK_EWMA);
    }

    @Test
    void readsRingSizesAndMaglevTable() throws Exception {
        Cluster ring = orders().setLbPolicy(Cluster.LbPolicy.RING_HASH)
                .setRingHashLbConfig(Cluster.RingHashLbConfig.newBuilder()
                        .setMinimumRingSize(UInt64Value.of(64)).setMaximumRingSize(UInt64Value.of(128)))
                .build();
        Cluster maglev = orders().setLbPolicy(Cluster.LbPolicy.MAGLEV)
                .setMaglevLbConfig(Cluster.MaglevLbConfig.newBuilder().setTableSize(UInt64Value.of(251))).build();

        assertThat(translator.translate(ring).lb().ringHash().minRingSize()).isEqualTo(64);
        assertThat(translator.translate(ring).lb().ringHash().maxRingSize()).isEqualTo(128);
        assertThat(translator.translate(maglev).lb().maglev().tableSize()).isEqualTo(251);
    }

    @Test
    void rejectsAMaglevTableThatIsNotPrime() {
        Cluster maglev = orders().setLbPolicy(Cluster.LbPolicy.MAGLEV)
                .setMaglevLbConfig(Cluster.MaglevLbConfig.newBuilder().setTableSize(UInt64Value.of(100))).build();

        assertThatThrownBy(() -> translator.translate(maglev)).hasMessageContaining("maglev.tableSize: 100");
    }

    @Test
    void readsZoneAwarenessAndPanicThreshold() throws Exception {
        Cluster cluster = orders().setCommonLbConfig(Cluster.CommonLbConfig.newBuilder()
                .setHealthyPanicThreshold(Percent.newBuilder().setValue(25))
                .setZoneAwareLbConfig(Cluster.CommonLbConfig.ZoneAwareLbConfig.newBuilder()
                        .setRoutingEnabled(Percent.newBuilder().setValue(100)))).build();

        ClusterConfig config = translator.translate(cluster);

        assertThat(config.lb().zoneAware()).isTrue();
        assertThat(config.lb().panicThresholdPercent()).isEqualTo(25.0);
    }

    @Test
    void readsThresholdsAndTheRetryBudget() throws Exception {
        Cluster cluster = orders().setCircuitBreakers(CircuitBreakers.newBuilder()
                .addThresholds(CircuitBreakers.Thresholds.newBuilder().setPriority(RoutingPriority.HIGH)
                        .setMaxRequests(UInt32Value.of(1)))
                .addThresholds(CircuitBreakers.Thresholds.newBuilder().setPriority(RoutingPriority.DEFAULT)
                        .setMaxConnections(UInt32Value.of(10)).setMaxPendingRequests(UInt32Value.of(11))
                        .setMaxRequests(UInt32Value.of(12)).setMaxRetries(UInt32Value.of(13))
                        .setRetryBudget(CircuitBreakers.Thresholds.RetryBudget.newBuilder()
                                .setBudgetPercent(Percent.newBuilder().setValue(30))
                                .setMinRetryConcurrency(UInt32Value.of(4))))).build();

        ClusterConfig config = translator.translate(cluster);

        assertThat(config.thresholds()).isEqualTo(new ThresholdSettings(10, 11, 12, 13));
        assertThat(config.retryBudget()).isEqualTo(new RetryBudgetSettings(true, 30, 4));
    }

    @Test
    void thresholdsWithoutABudgetTurnTheBudgetOff() throws Exception {
        Cluster cluster = orders().setCircuitBreakers(CircuitBreakers.newBuilder()
                .addThresholds(CircuitBreakers.Thresholds.newBuilder().setMaxRetries(UInt32Value.of(3)))).build();

        assertThat(translator.translate(cluster).retryBudget().enabled()).isFalse();
    }

    @Test
    void readsOutlierDetection() throws Exception {
        Cluster cluster = orders().setOutlierDetection(OutlierDetection.newBuilder()
                .setConsecutive5Xx(UInt32Value.of(3)).setEnforcingConsecutive5Xx(UInt32Value.of(100))
                .setConsecutiveGatewayFailure(UInt32Value.of(2)).setEnforcingConsecutiveGatewayFailure(UInt32Value.of(100))
                .setInterval(seconds(1)).setBaseEjectionTime(seconds(30)).setMaxEjectionPercent(UInt32Value.of(50))
                .setSuccessRateMinimumHosts(UInt32Value.of(3)).setSuccessRateRequestVolume(UInt32Value.of(10))
                .setSuccessRateStdevFactor(UInt32Value.of(1900)).setEnforcingSuccessRate(UInt32Value.of(0))).build();

        OutlierSettings settings = translator.translate(cluster).outlierDetection();

        assertThat(settings).isEqualTo(new OutlierSettings(3, 2, Duration.ofSeconds(1), Duration.ofSeconds(30),
                Duration.ofSeconds(300), 50, false, 3, 10, 1900));
    }

    @Test
    void readsAnHttpHealthCheckAndRejectsOthers() throws Exception {
        HealthCheck http = HealthCheck.newBuilder().setInterval(seconds(2)).setTimeout(seconds(1))
                .setHealthyThreshold(UInt32Value.of(2)).setUnhealthyThreshold(UInt32Value.of(3))
                .setHttpHealthCheck(HealthCheck.HttpHealthCheck.newBuilder().setPath("/healthz")).build();
        HealthCheck tcp = http.toBuilder().setTcpHealthCheck(HealthCheck.TcpHealthCheck.getDefaultInstance()).build();

        assertThat(translator.translate(orders().addHealthChecks(http).build()).healthCheck())
                .isEqualTo(new EndpointHealthCheck("/healthz", Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 3));
        assertThatThrownBy(() -> translator.translate(orders().addHealthChecks(tcp).build()))
                .hasMessage("cluster orders: health_checks[0].TCP_HEALTH_CHECK is unsupported (expected: http_health_check)");
    }

    @Test
    void readsTheEndpointBreakerFromBanyanMetadata() throws Exception {
        Struct breaker = Struct.newBuilder()
                .putFields("failure_rate_threshold", Value.newBuilder().setNumberValue(40).build())
                .putFields("slow_call_rate_threshold", Value.newBuilder().setNumberValue(90).build())
                .putFields("slow_call_duration", Value.newBuilder().setStringValue("2s").build())
                .putFields("minimum_calls", Value.newBuilder().setNumberValue(10).build())
                .putFields("sliding_window_size", Value.newBuilder().setNumberValue(50).build())
                .putFields("open_duration", Value.newBuilder().setStringValue("1.500s").build())
                .putFields("half_open_calls", Value.newBuilder().setNumberValue(2).build())
                .build();
        Cluster cluster = orders().setMetadata(banyan("endpoint_circuit_breaker",
                Value.newBuilder().setStructValue(breaker).build())).build();

        assertThat(translator.translate(cluster).endpointBreaker()).isEqualTo(new CircuitBreakerSettings(40f, 90f,
                Duration.ofSeconds(2), 10, Duration.ofMillis(1500), 2, CircuitBreakerSettings.SlidingWindowType.COUNT, 50));
    }

    @Test
    void readsTheIdleTimeout() throws Exception {
        var options = io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions.newBuilder()
                .setCommonHttpProtocolOptions(HttpProtocolOptions.newBuilder().setIdleTimeout(seconds(90))).build();
        Cluster cluster = orders()
                .putTypedExtensionProtocolOptions(ClusterTranslator.HTTP_PROTOCOL_OPTIONS, Any.pack(options)).build();

        assertThat(translator.translate(cluster).idleTimeout()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void rejectsLoadBalancingPolicy() {
        Cluster cluster = orders().setLoadBalancingPolicy(
                io.envoyproxy.envoy.config.cluster.v3.LoadBalancingPolicy.getDefaultInstance()).build();

        assertThatThrownBy(() -> translator.translate(cluster))
                .hasMessage("cluster orders: load_balancing_policy is unsupported (expected: lb_policy)");
    }
}
