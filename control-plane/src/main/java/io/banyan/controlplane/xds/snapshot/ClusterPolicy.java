package io.banyan.controlplane.xds.snapshot;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.banyan.controlplane.policy.CircuitBreaking;
import io.banyan.controlplane.policy.EndpointBreaker;
import io.banyan.controlplane.policy.HealthCheck;
import io.banyan.controlplane.policy.LbPolicy;
import io.banyan.controlplane.policy.LoadBalancing;
import io.banyan.controlplane.policy.OutlierDetection;
import io.banyan.controlplane.policy.TrafficPolicy;
import io.envoyproxy.envoy.config.cluster.v3.CircuitBreakers;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Metadata;
import io.envoyproxy.envoy.config.core.v3.RoutingPriority;
import io.envoyproxy.envoy.type.v3.Percent;

/**
 * Writes a service's traffic policy into its Cluster: lb_policy and common_lb_config, connect_timeout,
 * circuit_breakers (with the retry budget), outlier_detection, health_checks, and under
 * {@code metadata.filter_metadata["banyan"]} what Envoy has no field for (peak_ewma, the endpoint breaker).
 */
final class ClusterPolicy {

    /** The filter_metadata key of Banyan's own cluster settings. */
    static final String METADATA_KEY = "banyan";
    static final String LB_POLICY = "lb_policy";
    static final String ENDPOINT_CIRCUIT_BREAKER = "endpoint_circuit_breaker";

    private ClusterPolicy() {
    }

    static void apply(Cluster.Builder cluster, TrafficPolicy policy) {
        loadBalancing(cluster, policy.loadBalancing());
        cluster.setConnectTimeout(Protos.duration(policy.timeouts().connect()));
        cluster.setCircuitBreakers(circuitBreakers(policy));
        if (policy.outlierDetection() != null) {
            cluster.setOutlierDetection(outlierDetection(policy.outlierDetection()));
        }
        if (policy.healthCheck() != null) {
            cluster.addHealthChecks(healthCheck(policy.healthCheck()));
        }
        Struct.Builder banyan = Struct.newBuilder();
        if (policy.loadBalancing().policy() == LbPolicy.PEAK_EWMA) {
            banyan.putFields(LB_POLICY, Protos.string(LbPolicy.PEAK_EWMA.wireName()));
        }
        if (policy.circuitBreaking().endpoint() != null) {
            banyan.putFields(ENDPOINT_CIRCUIT_BREAKER, Value.newBuilder()
                    .setStructValue(endpointBreaker(policy.circuitBreaking().endpoint())).build());
        }
        if (banyan.getFieldsCount() > 0) {
            cluster.setMetadata(Metadata.newBuilder().putFilterMetadata(METADATA_KEY, banyan.build()));
        }
    }

    private static void loadBalancing(Cluster.Builder cluster, LoadBalancing lb) {
        cluster.setLbPolicy(switch (lb.policy()) {
            case ROUND_ROBIN -> Cluster.LbPolicy.ROUND_ROBIN;
            case RANDOM -> Cluster.LbPolicy.RANDOM;
            case LEAST_REQUEST, PEAK_EWMA -> Cluster.LbPolicy.LEAST_REQUEST;
            case RING_HASH -> Cluster.LbPolicy.RING_HASH;
            case MAGLEV -> Cluster.LbPolicy.MAGLEV;
        });
        Cluster.CommonLbConfig.Builder common = Cluster.CommonLbConfig.newBuilder()
                .setHealthyPanicThreshold(Percent.newBuilder().setValue(lb.panicThresholdPercent()));
        if (lb.zoneAware()) {
            common.setZoneAwareLbConfig(Cluster.CommonLbConfig.ZoneAwareLbConfig.newBuilder()
                    .setRoutingEnabled(Percent.newBuilder().setValue(100)));
        }
        cluster.setCommonLbConfig(common);
    }

    private static CircuitBreakers circuitBreakers(TrafficPolicy policy) {
        CircuitBreaking limits = policy.circuitBreaking();
        return CircuitBreakers.newBuilder()
                .addThresholds(CircuitBreakers.Thresholds.newBuilder()
                        .setPriority(RoutingPriority.DEFAULT)
                        .setMaxConnections(Protos.uint32(limits.maxConnections()))
                        .setMaxPendingRequests(Protos.uint32(limits.maxPendingRequests()))
                        .setMaxRequests(Protos.uint32(limits.maxRequests()))
                        .setMaxRetries(Protos.uint32(limits.maxRetries()))
                        .setRetryBudget(CircuitBreakers.Thresholds.RetryBudget.newBuilder()
                                .setBudgetPercent(Percent.newBuilder().setValue(policy.retries().budget().percent()))
                                .setMinRetryConcurrency(Protos.uint32(policy.retries().budget().minConcurrency()))))
                .build();
    }

    private static io.envoyproxy.envoy.config.cluster.v3.OutlierDetection outlierDetection(OutlierDetection od) {
        return io.envoyproxy.envoy.config.cluster.v3.OutlierDetection.newBuilder()
                .setConsecutive5Xx(Protos.uint32(od.consecutive5xx()))
                .setEnforcingConsecutive5Xx(Protos.uint32(od.consecutive5xx() > 0 ? 100 : 0))
                .setConsecutiveGatewayFailure(Protos.uint32(od.consecutiveGatewayFailure()))
                .setEnforcingConsecutiveGatewayFailure(Protos.uint32(od.consecutiveGatewayFailure() > 0 ? 100 : 0))
                .setInterval(Protos.duration(od.interval()))
                .setBaseEjectionTime(Protos.duration(od.baseEjectionTime()))
                .setMaxEjectionPercent(Protos.uint32(od.maxEjectionPercent()))
                .setSuccessRateMinimumHosts(Protos.uint32(od.successRateMinimumHosts()))
                .setSuccessRateRequestVolume(Protos.uint32(od.successRateRequestVolume()))
                .setSuccessRateStdevFactor(Protos.uint32(od.successRateStdevFactor()))
                .setEnforcingSuccessRate(Protos.uint32(od.enforcingSuccessRate()))
                .build();
    }

    private static io.envoyproxy.envoy.config.core.v3.HealthCheck healthCheck(HealthCheck check) {
        return io.envoyproxy.envoy.config.core.v3.HealthCheck.newBuilder()
                .setTimeout(Protos.duration(check.timeout()))
                .setInterval(Protos.duration(check.interval()))
                .setHealthyThreshold(Protos.uint32(check.healthyThreshold()))
                .setUnhealthyThreshold(Protos.uint32(check.unhealthyThreshold()))
                .setHttpHealthCheck(io.envoyproxy.envoy.config.core.v3.HealthCheck.HttpHealthCheck.newBuilder()
                        .setPath(check.path()))
                .build();
    }

    private static Struct endpointBreaker(EndpointBreaker breaker) {
        return Struct.newBuilder()
                .putFields("failure_rate_threshold", Protos.number(breaker.failureRateThreshold()))
                .putFields("slow_call_rate_threshold", Protos.number(breaker.slowCallRateThreshold()))
                .putFields("slow_call_duration", Protos.string(Protos.jsonDuration(breaker.slowCallDuration())))
                .putFields("minimum_calls", Protos.number(breaker.minimumCalls()))
                .putFields("sliding_window_size", Protos.number(breaker.slidingWindowSize()))
                .putFields("open_duration", Protos.string(Protos.jsonDuration(breaker.openDuration())))
                .putFields("half_open_calls", Protos.number(breaker.halfOpenCalls()))
                .build();
    }
}
