package io.banyan.sidecar.proxy;

import io.banyan.api.xds.ResourceNames;
import io.banyan.dataplane.config.AuthorizationPolicy;
import io.banyan.dataplane.config.ListenerConfig;
import io.banyan.dataplane.config.Route;
import io.banyan.dataplane.config.RouteAction;
import io.banyan.primitives.time.Ticker;
import io.banyan.sidecar.cluster.ClusterState;
import io.banyan.sidecar.core.ErrorCause;
import io.banyan.sidecar.metrics.ServiceMeters;
import io.banyan.sidecar.resilience.ClusterThresholds;
import io.banyan.sidecar.resilience.Deadline;
import io.banyan.sidecar.resilience.LocalRateLimiter;
import io.banyan.sidecar.route.RouteRequest;
import io.banyan.sidecar.route.Router;

import java.util.Objects;
import java.util.function.Function;

/**
 * Whether a request may go upstream, decided before any byte of it does, in this order: the caller is authorized,
 * a route matches (one that redirects or answers directly ends here: the proxy answers), the route's rate limit has room, its cluster exists and has room for one more request (a
 * unit of the cluster's {@code REQUESTS} threshold an admitted request holds until it ends); then its deadline is
 * set. Plain Java on the routing state of the moment; one per listener, used on every event loop.
 */
final class Admission {

    /** Whether the caller of the request's connection passes a listener's authorization policy. */
    @FunctionalInterface
    interface Caller {
        boolean mayCall(AuthorizationPolicy policy);
    }

    private final ListenerConfig listener;
    private final Function<String, ServiceMeters> meters;
    private final Ticker ticker;

    /** @param meters a service's meters by name ({@code null}: the meters of requests without a service) */
    Admission(ListenerConfig listener, Function<String, ServiceMeters> meters, Ticker ticker) {
        this.listener = Objects.requireNonNull(listener, "listener");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
    }

    /**
     * Decides on one request.
     *
     * @param request     what routing reads of it: method, authority, target, headers
     * @param deadlineMs  its {@code x-banyan-deadline-ms} header, may be null
     * @param grpcTimeout its {@code grpc-timeout} header, may be null
     */
    AdmissionDecision admit(RoutingState state, Caller caller, RouteRequest request, String deadlineMs,
                            String grpcTimeout) {
        if (!caller.mayCall(state.authorization(listener.name()))) {
            return refused(ErrorCause.UNAUTHORIZED, null, null); // before routing and before any header reaches the app
        }
        Router router = state.router(listener.routeConfigName());
        Route route = router == null ? null : router.route(request);
        if (route == null) {
            return new AdmissionDecision(ErrorCause.NO_ROUTE, meters.apply(null), null, null, null, null, null,
                    undeclared(router, request.authority()));
        }
        if (route.kind() != Route.Kind.FORWARD) {
            return new AdmissionDecision(null, meters.apply(null), route, null, null, null, null);
        }
        RouteAction action = route.action();
        String clusterName = router.pickCluster(action);
        ClusterState cluster = state.clusters().get(clusterName);
        ServiceMeters serviceMeters = (cluster == null ? meters.apply(clusterName) : cluster.meters()).onRoute(route.name());
        LocalRateLimiter limiter = state.rateLimiter(action);
        if (limiter != null && !limiter.tryAcquire()) {
            return refused(ErrorCause.RATE_LIMITED, serviceMeters, route);
        }
        if (cluster == null) {
            return refused(ErrorCause.NO_CLUSTER, serviceMeters, route);
        }
        if (!cluster.thresholds().tryAcquire(ClusterThresholds.Resource.REQUESTS)) {
            return refused(ErrorCause.OVERFLOW, serviceMeters, route);
        }
        Deadline deadline = Deadline.after(action.timeout(), ticker).withIncoming(deadlineMs, grpcTimeout);
        return new AdmissionDecision(null, serviceMeters, route, cluster, action, state.hashPolicy(action), deadline);
    }

    /**
     * On the shared outbound port, a Host that names no virtual host is a service this sidecar did not declare (or
     * that does not exist): the reply says which and how to declare it. Null elsewhere (a route that does not match
     * within a known host, a gateway, an explicit upstream port).
     */
    private String undeclared(Router router, String authority) {
        boolean sharedOutbound = ResourceNames.OUTBOUND_ROUTES.equals(listener.routeConfigName());
        return sharedOutbound && router != null && router.virtualHost(authority) == null
                ? UndeclaredService.problem(authority) : null;
    }

    /** {@code route}: the matched route, null when refused before a match; its response headers still apply. */
    private AdmissionDecision refused(ErrorCause cause, ServiceMeters serviceMeters, Route route) {
        return new AdmissionDecision(cause, serviceMeters != null ? serviceMeters : meters.apply(null), route, null,
                null, null, null);
    }
}
