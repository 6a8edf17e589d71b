package io.banyan.sidecar.cluster;

import io.banyan.dataplane.config.ClusterConfig;
import io.banyan.sidecar.loadbalance.LoadBalancer;
import io.banyan.sidecar.loadstats.LoadSlot;
import io.banyan.sidecar.metrics.ServiceMeters;
import io.banyan.sidecar.resilience.ClusterThresholds;
import io.banyan.sidecar.resilience.EndpointCircuitBreakers;
import io.banyan.sidecar.resilience.OutlierDetector;
import io.banyan.sidecar.resilience.ResilienceMetrics;
import io.banyan.sidecar.resilience.RetryGate;
import io.banyan.sidecar.resilience.UnreachableEndpoints;

/**
 * One cluster as the request path sees it: its config, its load balancer over its endpoints, its meters,
 * and its guards: thresholds, retry gate (budget), endpoint breakers, outlier detector ({@code null}
 * when outlier detection is off) and the endpoints whose last connect failed; and where its requests are counted for
 * load reports ({@link LoadSlot#UNTRACKED} when nowhere).
 */
public record ClusterState(ClusterConfig config, LoadBalancer loadBalancer, ServiceMeters meters,
                           ClusterThresholds thresholds, RetryGate retryGate, EndpointCircuitBreakers breakers,
                           OutlierDetector outlier, ResilienceMetrics resilience, UnreachableEndpoints unreachable,
                           LoadSlot load) {

    public ClusterState {
        load = load == null ? LoadSlot.UNTRACKED : load;
    }

    public String name() {
        return config.name();
    }

    public long connectTimeoutMillis() {
        return config.connectTimeout().toMillis();
    }
}
