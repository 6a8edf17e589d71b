package io.banyan.sidecar.proxy;

import io.banyan.dataplane.config.RouteAction;
import io.banyan.sidecar.cluster.ClusterState;
import io.banyan.sidecar.core.ErrorCause;
import io.banyan.sidecar.loadbalance.HashPolicy;
import io.banyan.sidecar.metrics.ServiceMeters;
import io.banyan.sidecar.resilience.Deadline;

import java.util.Objects;

/**
 * What {@link Admission} decided: refused with an {@link ErrorCause}, or admitted to a cluster under a route's
 * action (its hash policy, {@code null} when it does not hash) by a deadline. Either way, the meters the request
 * is counted on (its cluster's, or those of requests without a service).
 */
record AdmissionDecision(ErrorCause refusal, ServiceMeters meters, ClusterState cluster, RouteAction action,
                         HashPolicy hash, Deadline deadline) {

    AdmissionDecision {
        Objects.requireNonNull(meters, "meters");
        if (refusal == null && (cluster == null || action == null || deadline == null)) {
            throw new IllegalArgumentException("cluster, action, deadline: " + cluster + ", " + action + ", "
                    + deadline + " (expected: all set when admitted)");
        }
    }

    boolean admitted() {
        return refusal == null;
    }
}
