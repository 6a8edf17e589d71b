package io.banyan.sidecar.proxy;

import io.banyan.dataplane.config.Route;
import io.banyan.dataplane.config.RouteAction;
import io.banyan.sidecar.cluster.ClusterState;
import io.banyan.sidecar.core.ErrorCause;
import io.banyan.sidecar.loadbalance.HashPolicy;
import io.banyan.sidecar.metrics.ServiceMeters;
import io.banyan.sidecar.resilience.Deadline;

import java.util.Objects;

/**
 * What {@link Admission} decided: refused with an {@link ErrorCause} (and the {@code route} it matched, if it got
 * that far: its response header mutations apply to the error reply); or matched by a {@code route} that the proxy
 * answers itself (a redirect or a direct response; no cluster, action or deadline); or admitted to a cluster under
 * the route's action (its hash policy, {@code null} when it does not hash) by a deadline. Either way, the meters the
 * request is counted on (its cluster's, or those of requests without a service). A refusal may carry a
 * {@code detail}, the problem text of its error reply ({@code null}: the cause's token alone).
 */
record AdmissionDecision(ErrorCause refusal, ServiceMeters meters, Route route, ClusterState cluster,
                         RouteAction action, HashPolicy hash, Deadline deadline, String detail) {

    AdmissionDecision(ErrorCause refusal, ServiceMeters meters, Route route, ClusterState cluster,
                      RouteAction action, HashPolicy hash, Deadline deadline) {
        this(refusal, meters, route, cluster, action, hash, deadline, null);
    }

    AdmissionDecision {
        Objects.requireNonNull(meters, "meters");
        if (refusal == null && route == null) {
            throw new IllegalArgumentException("route: null (expected: set unless refused)");
        }
        if (refusal == null && route.kind() == Route.Kind.FORWARD
                && (cluster == null || action == null || deadline == null)) {
            throw new IllegalArgumentException("cluster, action, deadline: " + cluster + ", " + action + ", "
                    + deadline + " (expected: all set when admitted)");
        }
    }

    /** Goes upstream. */
    boolean admitted() {
        return refusal == null && route.kind() == Route.Kind.FORWARD;
    }

    /** Answered by the proxy itself: a redirect or a direct response. */
    boolean answeredLocally() {
        return refusal == null && route.kind() != Route.Kind.FORWARD;
    }
}
