package io.banyan.sidecar.loadbalance;

import io.banyan.sidecar.config.Endpoint;
import io.banyan.sidecar.config.LbPolicy;

import java.util.Collection;
import java.util.List;

/** Chooses an endpoint of one cluster for each request. Thread-safe; state lives as long as the endpoint set. */
public interface LoadBalancer {

    /**
     * An endpoint not in {@code tried} (pass {@code List.of()} on the first attempt), or {@code null}
     * when there is none left.
     */
    Endpoint pick(Collection<Endpoint> tried);

    /** The endpoints this balancer chooses from. */
    List<Endpoint> endpoints();

    static LoadBalancer of(LbPolicy policy, List<Endpoint> endpoints) {
        return switch (policy) {
            case ROUND_ROBIN -> new RoundRobin(endpoints);
        };
    }
}
