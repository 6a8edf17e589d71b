package io.banyan.dataplane.xds;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.banyan.api.xds.EndpointMetadata;
import io.banyan.dataplane.config.CircuitBreakerSettings;
import io.banyan.dataplane.config.ClusterConfig;
import io.banyan.dataplane.config.EndpointHealthCheck;
import io.banyan.dataplane.config.LbAlgorithm;
import io.banyan.dataplane.config.LbSettings;
import io.banyan.dataplane.config.LeastRequestSettings;
import io.banyan.dataplane.config.MaglevSettings;
import io.banyan.dataplane.config.OutlierSettings;
import io.banyan.dataplane.config.RetryBudgetSettings;
import io.banyan.dataplane.config.RingHashSettings;
import io.banyan.dataplane.config.ThresholdSettings;
import io.banyan.primitives.time.Durations;
import io.envoyproxy.envoy.config.cluster.v3.CircuitBreakers;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.cluster.v3.OutlierDetection;
import io.envoyproxy.envoy.config.core.v3.HealthCheck;
import io.envoyproxy.envoy.config.core.v3.RoutingPriority;

import java.time.Duration;

/**
 * The traffic-policy fields of a Cluster: {@code lb_policy} (ROUND_ROBIN, RANDOM, LEAST_REQUEST, RING_HASH,
 * MAGLEV; {@code filter_metadata["banyan"].lb_policy: "peak_ewma"} over LEAST_REQUEST) with its
 * ring_hash/maglev/least_request config, {@code common_lb_config} (zone awareness, panic threshold), the
 * DEFAULT-priority {@code circuit_breakers} thresholds and retry budget, {@code outlier_detection},
 * {@code health_checks[0]} (HTTP only) and {@code filter_metadata["banyan"].endpoint_circuit_breaker}.
 * Everything else about load balancing (CLUSTER_PROVIDED, load_balancing_policy, non-HTTP checks) is NACKed.
 */
final class ClusterPolicyTranslator {

    static final String LB_POLICY = "lb_policy";
    static final String PEAK_EWMA = "peak_ewma";
    static final String ENDPOINT_CIRCUIT_BREAKER = "endpoint_circuit_breaker";

    private static final String KIND = ClusterTranslator.KIND;

    private ClusterPolicyTranslator() {
    }

    static LbSettings lb(Cluster cluster) throws InvalidResourceException {
        String name = cluster.getName();
        if (cluster.hasLoadBalancingPolicy()) {
            throw new InvalidResourceException(KIND, name,
                    "load_balancing_policy is unsupported (expected: lb_policy)");
        }
        LbAlgorithm algorithm = switch (cluster.getLbPolicy()) {
            case ROUND_ROBIN -> LbAlgorithm.ROUND_ROBIN;
            case RANDOM -> LbAlgorithm.RANDOM;
            case LEAST_REQUEST -> PEAK_EWMA.equals(banyanString(cluster, LB_POLICY))
                    ? LbAlgorithm.PEAK_EWMA : LbAlgorithm.LEAST_REQUEST;
            case RING_HASH -> LbAlgorithm.RING_HASH;
            case MAGLEV -> LbAlgorithm.MAGLEV;
            default -> throw new InvalidResourceException(KIND, name, "lb_policy " + cluster.getLbPolicy()
                    + " (expected: ROUND_ROBIN, RANDOM, LEAST_REQUEST, RING_HASH or MAGLEV)");
        };
        LbSettings settings = LbSettings.of(algorithm).withZoneAware(false);
        if (cluster.hasCommonLbConfig()) {
            Cluster.CommonLbConfig common = cluster.getCommonLbConfig();
            if (common.hasHealthyPanicThreshold()) {
                settings = settings.withPanicThresholdPercent(common.getHealthyPanicThreshold().getValue());
            }
            settings = settings.withZoneAware(common.hasZoneAwareLbConfig()
                    && (!common.getZoneAwareLbConfig().hasRoutingEnabled()
                    || common.getZoneAwareLbConfig().getRoutingEnabled().getValue() > 0));
        }
        if (cluster.hasRingHashLbConfig()) {
            Cluster.RingHashLbConfig ring = cluster.getRingHashLbConfig();
            long min = ring.hasMinimumRingSize() ? ring.getMinimumRingSize().getValue() : RingHashSettings.DEFAULT.minRingSize();
            long max = ring.hasMaximumRingSize() ? ring.getMaximumRingSize().getValue() : RingHashSettings.DEFAULT.maxRingSize();
            settings = settings.withRingHash(new RingHashSettings(clamp(min), clamp(max)));
        }
        if (cluster.hasMaglevLbConfig() && cluster.getMaglevLbConfig().hasTableSize()) {
            settings = settings.withMaglev(new MaglevSettings(clamp(cluster.getMaglevLbConfig().getTableSize().getValue())));
        }
        if (cluster.hasLeastRequestLbConfig() && cluster.getLeastRequestLbConfig().hasChoiceCount()) {
            settings = settings.withLeastRequest(new LeastRequestSettings(
                    cluster.getLeastRequestLbConfig().getChoiceCount().getValue(),
                    LeastRequestSettings.DEFAULT.activeRequestBias()));
        }
        return settings;
    }

    /** The DEFAULT-priority thresholds; absent: Banyan's defaults. */
    static ThresholdSettings thresholds(Cluster cluster) {
        CircuitBreakers.Thresholds t = defaultThresholds(cluster);
        if (t == null) {
            return ThresholdSettings.DEFAULT;
        }
        ThresholdSettings d = ThresholdSettings.DEFAULT;
        return new ThresholdSettings(
                t.hasMaxConnections() ? clamp(t.getMaxConnections().getValue()) : d.maxConnections(),
                t.hasMaxPendingRequests() ? clamp(t.getMaxPendingRequests().getValue()) : d.maxPendingRequests(),
                t.hasMaxRequests() ? clamp(t.getMaxRequests().getValue()) : d.maxRequests(),
                t.hasMaxRetries() ? clamp(t.getMaxRetries().getValue()) : d.maxRetries());
    }

    /** The retry budget: Banyan's default without circuit_breakers, off when thresholds set none (as Envoy). */
    static RetryBudgetSettings retryBudget(Cluster cluster) {
        CircuitBreakers.Thresholds t = defaultThresholds(cluster);
        if (t == null) {
            return RetryBudgetSettings.DEFAULT;
        }
        if (!t.hasRetryBudget()) {
            return RetryBudgetSettings.disabled();
        }
        CircuitBreakers.Thresholds.RetryBudget budget = t.getRetryBudget();
        return new RetryBudgetSettings(true,
                budget.hasBudgetPercent() ? budget.getBudgetPercent().getValue() : RetryBudgetSettings.DEFAULT_BUDGET_PERCENT,
                budget.hasMinRetryConcurrency() ? clamp(budget.getMinRetryConcurrency().getValue())
                        : RetryBudgetSettings.DEFAULT_MIN_RETRY_CONCURRENCY);
    }

    /** Outlier detection, or {@code null} when the cluster has none. */
    static OutlierSettings outlier(Cluster cluster) {
        if (!cluster.hasOutlierDetection()) {
            return null;
        }
        OutlierDetection od = cluster.getOutlierDetection();
        OutlierSettings d = OutlierSettings.DEFAULT;
        int consecutive5xx = od.hasConsecutive5Xx() ? clamp(od.getConsecutive5Xx().getValue()) : d.consecutive5xx();
        if (od.hasEnforcingConsecutive5Xx() && od.getEnforcingConsecutive5Xx().getValue() == 0) {
            consecutive5xx = 0;
        }
        int gateway = od.hasConsecutiveGatewayFailure() ? clamp(od.getConsecutiveGatewayFailure().getValue()) : 0;
        if (!od.hasEnforcingConsecutiveGatewayFailure() || od.getEnforcingConsecutiveGatewayFailure().getValue() == 0) {
            gateway = 0; // Envoy enforces gateway failures at 0% unless told otherwise
        }
        boolean successRate = !od.hasEnforcingSuccessRate() || od.getEnforcingSuccessRate().getValue() > 0;
        return new OutlierSettings(consecutive5xx, gateway,
                od.hasInterval() ? ProtoFields.duration(od.getInterval()) : d.interval(),
                od.hasBaseEjectionTime() ? ProtoFields.duration(od.getBaseEjectionTime()) : d.baseEjectionTime(),
                od.hasMaxEjectionTime() ? ProtoFields.duration(od.getMaxEjectionTime()) : d.maxEjectionTime(),
                od.hasMaxEjectionPercent() ? clamp(od.getMaxEjectionPercent().getValue()) : d.maxEjectionPercent(),
                successRate,
                od.hasSuccessRateMinimumHosts() ? clamp(od.getSuccessRateMinimumHosts().getValue()) : d.successRateMinimumHosts(),
                od.hasSuccessRateRequestVolume() ? clamp(od.getSuccessRateRequestVolume().getValue()) : d.successRateRequestVolume(),
                od.hasSuccessRateStdevFactor() ? clamp(od.getSuccessRateStdevFactor().getValue()) : d.successRateStdevFactor());
    }

    /** The HTTP health check, or {@code null} when the cluster has none. */
    static EndpointHealthCheck healthCheck(Cluster cluster) throws InvalidResourceException {
        if (cluster.getHealthChecksCount() == 0) {
            return null;
        }
        if (cluster.getHealthChecksCount() > 1) {
            throw new InvalidResourceException(KIND, cluster.getName(), "health_checks: "
                    + cluster.getHealthChecksCount() + " checks (expected: at most one)");
        }
        HealthCheck check = cluster.getHealthChecks(0);
        if (!check.hasHttpHealthCheck()) {
            throw new InvalidResourceException(KIND, cluster.getName(), "health_checks[0]."
                    + check.getHealthCheckerCase() + " is unsupported (expected: http_health_check)");
        }
        String path = check.getHttpHealthCheck().getPath();
        return new EndpointHealthCheck(path.isEmpty() ? "/" : path,
                check.hasInterval() ? ProtoFields.duration(check.getInterval()) : Duration.ofSeconds(5),
                check.hasTimeout() ? ProtoFields.duration(check.getTimeout()) : Duration.ofSeconds(1),
                check.hasHealthyThreshold() ? clamp(check.getHealthyThreshold().getValue()) : 1,
                check.hasUnhealthyThreshold() ? clamp(check.getUnhealthyThreshold().getValue()) : 2);
    }

    /** The endpoint breaker of {@code filter_metadata["banyan"]}, or the sidecar's default. */
    static CircuitBreakerSettings endpointBreaker(Cluster cluster) throws InvalidResourceException {
        Struct banyan = cluster.getMetadata().getFilterMetadataOrDefault(EndpointMetadata.FILTER, null);
        Value value = banyan == null ? null : banyan.getFieldsOrDefault(ENDPOINT_CIRCUIT_BREAKER, null);
        if (value == null) {
            return CircuitBreakerSettings.DEFAULT;
        }
        if (!value.hasStructValue()) {
            throw new InvalidResourceException(KIND, cluster.getName(), "metadata.banyan." + ENDPOINT_CIRCUIT_BREAKER
                    + " (expected: a struct)");
        }
        Struct s = value.getStructValue();
        CircuitBreakerSettings d = CircuitBreakerSettings.DEFAULT;
        try {
            return new CircuitBreakerSettings(
                    (float) number(s, "failure_rate_threshold", d.failureRateThreshold()),
                    (float) number(s, "slow_call_rate_threshold", d.slowCallRateThreshold()),
                    duration(s, "slow_call_duration", d.slowCallDuration()),
                    (int) number(s, "minimum_calls", d.minimumNumberOfCalls()),
                    duration(s, "open_duration", d.waitDurationInOpenState()),
                    (int) number(s, "half_open_calls", d.permittedCallsInHalfOpenState()),
                    d.slidingWindowType(),
                    (int) number(s, "sliding_window_size", d.slidingWindowSize()));
        } catch (IllegalArgumentException e) {
            throw new InvalidResourceException(KIND, cluster.getName(), "metadata.banyan." + ENDPOINT_CIRCUIT_BREAKER
                    + ": " + e.getMessage());
        }
    }

    /** {@code common_http_protocol_options.idle_timeout} of the HttpProtocolOptions, or Envoy's 1h. */
    static Duration idleTimeout(io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions http) {
        if (http != null && http.hasCommonHttpProtocolOptions()
                && http.getCommonHttpProtocolOptions().hasIdleTimeout()) {
            return ProtoFields.duration(http.getCommonHttpProtocolOptions().getIdleTimeout());
        }
        return ClusterConfig.DEFAULT_IDLE_TIMEOUT;
    }

    private static CircuitBreakers.Thresholds defaultThresholds(Cluster cluster) {
        if (!cluster.hasCircuitBreakers()) {
            return null;
        }
        for (CircuitBreakers.Thresholds t : cluster.getCircuitBreakers().getThresholdsList()) {
            if (t.getPriority() == RoutingPriority.DEFAULT) {
                return t;
            }
        }
        return null;
    }

    private static String banyanString(Cluster cluster, String key) {
        Struct banyan = cluster.getMetadata().getFilterMetadataOrDefault(EndpointMetadata.FILTER, null);
        Value value = banyan == null ? null : banyan.getFieldsOrDefault(key, null);
        return value == null ? null : value.getStringValue();
    }

    private static double number(Struct s, String key, double fallback) {
        Value v = s.getFieldsOrDefault(key, null);
        return v == null ? fallback : v.getNumberValue();
    }

    private static Duration duration(Struct s, String key, Duration fallback) {
        Value v = s.getFieldsOrDefault(key, null);
        if (v == null) {
            return fallback;
        }
        String text = v.getStringValue();
        Duration duration = Durations.parseOrNull(text);
        if (duration == null) {
            throw new IllegalArgumentException(key + ": '" + text + "' (expected: " + Durations.EXPECTED + ")");
        }
        return duration;
    }

    private static int clamp(long value) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, value));
    }
}
