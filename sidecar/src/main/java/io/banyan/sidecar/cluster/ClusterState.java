package io.banyan.sidecar.cluster;

import io.banyan.sidecar.config.ClusterConfig;
import io.banyan.sidecar.loadbalance.LoadBalancer;
import io.banyan.sidecar.metrics.ServiceMeters;

/** One cluster as the request path sees it: its config, its load balancer over its endpoints, its meters. */
public record ClusterState(ClusterConfig config, LoadBalancer loadBalancer, ServiceMeters meters) {

    public String name() {
        return config.name();
    }

    public long connectTimeoutMillis() {
        return config.connectTimeout().toMillis();
    }
}
