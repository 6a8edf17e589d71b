package io.banyan.sidecar.proxy;

import io.banyan.dataplane.config.Endpoint;
import io.banyan.primitives.time.Ticker;
import io.banyan.sidecar.cluster.ClusterState;
import io.banyan.sidecar.core.ErrorCause;
import io.banyan.sidecar.loadbalance.HashPolicy;
import io.banyan.sidecar.loadbalance.PickContext;
import io.banyan.sidecar.loadbalance.RequestView;
import io.banyan.sidecar.metrics.EndpointMeters;
import io.banyan.sidecar.resilience.OutlierDetector;

import java.util.ArrayList;
import java.util.List;

/**
 * The endpoints of one request's attempts: picks one for each attempt (hashed when the route hashes, never one
 * whose breaker is open), an endpoint the request has not tried while there is one, else, for a retry, one it
 * tried already (as Envoy, whose {@code previous_hosts} predicate is opt-in: a one-instance service is retried
 * too); an endpoint whose last connect failed only when no other is left. Reports each attempt's end to the
 * balancer's load tracking, the endpoint's breaker, the outlier detector, the unreachable endpoints and the
 * per-endpoint meters ({@link EndpointMeters}) exactly once. An attempt that failed without a response head is counted
 * by cause: the cause given, or, when the exchange names it only as it ends ({@link #ended}), that one.
 */
final class AttemptLedger {

    private final ClusterState cluster;
    private final Ticker ticker;
    /** Endpoints attempted or passed over: a retry avoids them while another endpoint is left. */
    private List<Endpoint> tried;
    /** Endpoints passed over because their breaker was open: never picked again by this request. */
    private List<Endpoint> open;
    private Endpoint endpoint;
    private long startNanos;
    private boolean inProgress;
    private boolean skippedOpen;
    /** An attempt failed without a response head, its cause not yet said: counted when the exchange ends. */
    private Endpoint unsettled;

    /** @param ticker the monotonic clock attempts' latencies are measured by */
    AttemptLedger(ClusterState cluster, Ticker ticker) {
        this.cluster = cluster;
        this.ticker = ticker;
    }

    /**
     * Picks and starts an attempt; {@code null} when no endpoint is left. An endpoint whose last connect failed is
     * passed over once (and counts as tried) while another is left; when none is, it is tried after all.
     */
    Endpoint start(HashPolicy hash, RequestView request) {
        Endpoint passedOver = null;
        for (;;) {
            Endpoint picked = pick(hash, request);
            if (picked == null && passedOver == null) {
                return null;
            }
            if (picked == null) {
                picked = passedOver; // every endpoint left is unreachable: try one rather than none
            } else if (cluster.unreachable().isUnreachable(picked) && (tried == null || !tried.contains(picked))) {
                passedOver = passedOver == null ? picked : passedOver;
                markTried(picked);
                continue;
            }
            if (cluster.breakers().isCallPermitted(picked)) {
                endpoint = picked;
                startNanos = ticker.nanoTime();
                inProgress = true;
                cluster.loadBalancer().onStart(picked);
                return picked;
            }
            skippedOpen = true;
            markOpen(picked);
            if (picked == passedOver) {
                passedOver = null;
            }
        }
    }

    /**
     * Whether a retry has an endpoint to go to: one not tried yet or, failing that, one tried already whose
     * breaker was not open when passed over (breakers not asked now).
     */
    boolean hasRetryTarget(HashPolicy hash, RequestView request) {
        return pick(hash, request) != null;
    }

    /** An endpoint not tried yet; else, once an attempt was made, one tried already (never one found open). */
    private Endpoint pick(HashPolicy hash, RequestView request) {
        Endpoint untried = pickAvoiding(hash, request, tried);
        if (untried != null || endpoint == null) {
            return untried;
        }
        return pickAvoiding(hash, request, open);
    }

    private Endpoint pickAvoiding(HashPolicy hash, RequestView request, List<Endpoint> avoid) {
        List<Endpoint> list = avoid == null ? List.of() : avoid;
        PickContext context = hash == null ? PickContext.avoiding(list) : hash.context(request, list);
        return cluster.loadBalancer().pick(context);
    }

    /** Whether an endpoint was passed over because its breaker was open. */
    boolean skippedOpen() {
        return skippedOpen;
    }

    /** The attempt in progress (or the last one), or {@code null} before the first. */
    Endpoint endpoint() {
        return endpoint;
    }

    boolean inProgress() {
        return inProgress;
    }

    /** The attempt got a response head with {@code status}. */
    void responded(int status) {
        if (inProgress()) {
            meters().responded(endpoint, status, ticker.nanoTime() - startNanos);
            cluster.unreachable().onReachable(endpoint);
            OutlierDetector outlier = cluster.outlier();
            if (outlier != null) {
                outlier.onResponse(endpoint, status);
            }
            end(status < 500);
        }
    }

    /**
     * The attempt failed without a response: connect failure, reset or timeout; counted on its endpoint by the cause
     * the exchange ends with ({@link #ended}).
     */
    void failedLocally() {
        if (inProgress()) {
            failedOnEndpoint();
            unsettled = endpoint;
        }
    }

    /** The attempt failed without a response for {@code cause}. */
    void failedLocally(ErrorCause cause) {
        if (inProgress()) {
            failedOnEndpoint();
            meters().failed(endpoint, cause);
        }
    }

    private void failedOnEndpoint() {
        OutlierDetector outlier = cluster.outlier();
        if (outlier != null) {
            outlier.onLocalFailure(endpoint);
        }
        end(false);
    }

    /**
     * The exchange ended ({@code cause}: why it failed, or {@code null}): an attempt in progress is abandoned, and a
     * failed one whose cause was not given is counted under {@code cause}.
     */
    void ended(ErrorCause cause) {
        abandon();
        if (unsettled != null) {
            meters().failed(unsettled, cause != null ? cause : ErrorCause.UPSTREAM_RESET);
            unsettled = null;
        }
    }

    /** The attempt's connect failed: later requests pass the endpoint over for a while. */
    void connectFailed() {
        if (inProgress()) {
            cluster.unreachable().onConnectFailure(endpoint);
        }
    }

    /** The attempt ended for a reason that says nothing of the endpoint (pool full, request aborted). */
    void abandon() {
        if (inProgress()) {
            cluster.breakers().release(endpoint);
            cluster.loadBalancer().onEnd(endpoint, ticker.nanoTime() - startNanos, true);
            inProgress = false;
        }
    }

    /** The current endpoint has been tried: a retry prefers any other. */
    void markTried() {
        if (endpoint != null) {
            markTried(endpoint);
        }
    }

    private void markTried(Endpoint e) {
        if (tried == null) {
            tried = new ArrayList<>(4);
        }
        if (!tried.contains(e)) {
            tried.add(e);
        }
    }

    private void markOpen(Endpoint e) {
        markTried(e);
        if (open == null) {
            open = new ArrayList<>(2);
        }
        if (!open.contains(e)) {
            open.add(e);
        }
    }

    private EndpointMeters meters() {
        return cluster.meters().endpoints();
    }

    private void end(boolean success) {
        long latency = ticker.nanoTime() - startNanos;
        inProgress = false;
        cluster.breakers().onResult(endpoint, latency, success);
        cluster.loadBalancer().onEnd(endpoint, latency, success);
    }
}
