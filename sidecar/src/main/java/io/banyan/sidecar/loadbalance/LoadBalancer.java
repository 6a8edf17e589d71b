package io.banyan.sidecar.loadbalance;

import io.banyan.dataplane.config.Endpoint;
import io.banyan.dataplane.config.LbPolicy;

import java.util.Collection;
import java.util.List;

/**
 * Chooses an endpoint of one cluster for each request. Thread-safe; state lives as long as the endpoint set.
 * Balancers that weigh load ({@link LbAlgorithm#LEAST_REQUEST}, {@link LbAlgorithm#PEAK_EWMA}) learn it
 * from {@link #onStart} and {@link #onEnd}, which the data path calls around every attempt.
 */
public interface LoadBalancer {

    /**
     * An endpoint not in {@code tried} (pass {@code List.of()} on the first attempt), or {@code null}
     * when there is none left.
     */
    Endpoint pick(Collection<Endpoint> tried);

    /**
     * An endpoint for a request described by {@code context}: hashing balancers use its hash, all skip its
     * tried endpoints. {@code null} when there is none left.
     */
    default Endpoint pick(PickContext context) {
        return pick(context.tried());
    }

    /** The endpoints this balancer chooses from. */
    List<Endpoint> endpoints();

    /** An attempt to {@code endpoint} (as picked) has started. */
    default void onStart(Endpoint endpoint) {
    }

    /** The attempt to {@code endpoint} started by {@link #onStart} ended after {@code latencyNanos}. */
    default void onEnd(Endpoint endpoint, long latencyNanos, boolean success) {
    }

    static LoadBalancer of(LbPolicy policy, List<Endpoint> endpoints) {
        return switch (policy) {
            case ROUND_ROBIN -> new RoundRobin(endpoints);
        };
    }
}
