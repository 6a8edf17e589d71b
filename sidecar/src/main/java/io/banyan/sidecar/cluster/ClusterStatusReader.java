package io.banyan.sidecar.cluster;

import io.banyan.dataplane.config.ClusterConfig;
import io.banyan.dataplane.config.Endpoint;
import io.banyan.dataplane.config.LbAlgorithm;
import io.banyan.sidecar.loadbalance.EndpointLoad;
import io.banyan.sidecar.loadbalance.ZoneAwareBalancer;
import io.banyan.sidecar.resilience.ClusterThresholds;
import io.banyan.sidecar.resilience.EndpointCircuitBreakers;
import io.banyan.sidecar.resilience.OutlierDetector;
import io.banyan.sidecar.resilience.RetryBudget;
import io.banyan.sidecar.resilience.RetryGate;
import io.banyan.sidecar.resilience.UnreachableEndpoints;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@link ClusterStatus} from one generation of a cluster's components ({@code outlier} and
 * {@code healthChecks} may be {@code null}: off). Only reads, through their thread-safe accessors, so it
 * runs on the admin thread while event loops use the same components.
 */
record ClusterStatusReader(ClusterConfig config, List<Endpoint> endpoints, ZoneAwareBalancer balancer,
                           ClusterThresholds thresholds, RetryGate retryGate, EndpointCircuitBreakers breakers,
                           OutlierDetector outlier, EndpointHealthChecks healthChecks, UnreachableEndpoints unreachable) {

    ClusterStatus read() {
        List<EndpointStatus> statuses = new ArrayList<>(endpoints.size());
        for (Endpoint endpoint : endpoints) {
            statuses.add(endpoint(endpoint));
        }
        ClusterStatus.Outlier outlierStatus = outlier == null ? null
                : new ClusterStatus.Outlier(outlier.ejectedCount(), config.outlierDetection().maxEjectionPercent());
        return new ClusterStatus(config.name(), config, balancer != null && balancer.selection().panic(), outlierStatus,
                thresholdUsage(), retryUsage(), statuses);
    }

    private EndpointStatus endpoint(Endpoint endpoint) {
        List<String> flags = new ArrayList<>(3);
        if (healthChecks != null && !healthChecks.healthy(endpoint)) {
            flags.add(EndpointStatus.FAILED_ACTIVE_HC);
        }
        EndpointStatus.Ejection ejection = outlier == null ? null : outlier.ejection(endpoint)
                .map(e -> new EndpointStatus.Ejection(e.reason().token(), e.remaining().toMillis()))
                .orElse(null);
        if (ejection != null) {
            flags.add(EndpointStatus.FAILED_OUTLIER_CHECK);
        }
        if (unreachable.isUnreachable(endpoint)) {
            flags.add(EndpointStatus.FAILED_CONNECT);
        }
        CircuitBreaker.State breaker = breakers.peekState(endpoint);
        if (breaker == CircuitBreaker.State.OPEN || breaker == CircuitBreaker.State.FORCED_OPEN) {
            flags.add(EndpointStatus.CIRCUIT_OPEN);
        } else if (breaker == CircuitBreaker.State.HALF_OPEN) {
            flags.add(EndpointStatus.CIRCUIT_HALF_OPEN);
        }
        EndpointLoad load = balancer == null ? null : balancer.loads().get(endpoint);
        Integer active = load == null ? null : load.active();
        Double peakEwmaMillis = load == null || config.lb().algorithm() != LbAlgorithm.PEAK_EWMA ? null
                : load.rttEstimateNanos() / 1_000_000.0;
        return new EndpointStatus(endpoint.authority(), endpoint.host(), endpoint.port(), endpoint.instanceId(),
                endpoint.zone(), endpoint.weight(), endpoint.mesh(), flags, ejection, active, peakEwmaMillis);
    }

    private Map<String, ClusterStatus.Usage> thresholdUsage() {
        Map<String, ClusterStatus.Usage> usage = new HashMap<>();
        for (ClusterThresholds.Resource resource : ClusterThresholds.Resource.values()) {
            usage.put(resource.token(), new ClusterStatus.Usage(thresholds.active(resource), thresholds.max(resource)));
        }
        return usage;
    }

    private ClusterStatus.Retries retryUsage() {
        if (retryGate instanceof RetryBudget budget) {
            return new ClusterStatus.Retries(ClusterStatus.Retries.RETRY_BUDGET, budget.active(), budget.limit());
        }
        return new ClusterStatus.Retries(ClusterStatus.Retries.MAX_RETRIES, retryGate.active(),
                thresholds.max(ClusterThresholds.Resource.RETRIES));
    }
}
