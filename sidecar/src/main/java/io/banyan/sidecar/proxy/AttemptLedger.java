package io.banyan.sidecar.proxy;

import io.banyan.sidecar.cluster.ClusterState;
import io.banyan.sidecar.config.Endpoint;
import io.banyan.sidecar.loadbalance.HashPolicy;
import io.banyan.sidecar.loadbalance.PickContext;
import io.banyan.sidecar.loadbalance.RequestView;
import io.banyan.sidecar.resilience.OutlierDetector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The endpoints of one request's attempts: picks a new one for each attempt (hashed when the route hashes,
 * never one already tried, never one whose breaker is open), and reports each attempt's end to the
 * balancer's load tracking, the endpoint's breaker and the outlier detector exactly once.
 */
final class AttemptLedger {

    private final ClusterState cluster;
    private List<Endpoint> tried;
    private Endpoint endpoint;
    private long startNanos;
    private boolean skippedOpen;

    AttemptLedger(ClusterState cluster) {
        this.cluster = cluster;
    }

    /** Picks and starts an attempt; {@code null} when no endpoint is left. */
    Endpoint start(HashPolicy hash, RequestView request) {
        for (;;) {
            List<Endpoint> avoid = tried == null ? List.of() : tried;
            PickContext context = hash == null ? PickContext.avoiding(avoid) : hash.context(request, avoid);
            Endpoint picked = cluster.loadBalancer().pick(context);
            if (picked == null) {
                return null;
            }
            if (cluster.breakers().isCallPermitted(picked)) {
                endpoint = picked;
                startNanos = System.nanoTime();
                cluster.loadBalancer().onStart(picked);
                return picked;
            }
            skippedOpen = true;
            markTried(picked);
        }
    }

    /** Whether the balancer still has an endpoint this request has not tried (breakers not asked). */
    boolean hasUntried(HashPolicy hash, RequestView request) {
        List<Endpoint> avoid = tried == null ? List.of() : tried;
        PickContext context = hash == null ? PickContext.avoiding(avoid) : hash.context(request, avoid);
        return cluster.loadBalancer().pick(context) != null;
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
        return endpoint != null && startNanos != 0;
    }

    /** The attempt got a response head with {@code status}. */
    void responded(int status) {
        if (inProgress()) {
            OutlierDetector outlier = cluster.outlier();
            if (outlier != null) {
                outlier.onResponse(endpoint, status);
            }
            end(status < 500);
        }
    }

    /** The attempt failed without a response: connect failure, reset or timeout. */
    void failedLocally() {
        if (inProgress()) {
            OutlierDetector outlier = cluster.outlier();
            if (outlier != null) {
                outlier.onLocalFailure(endpoint);
            }
            end(false);
        }
    }

    /** The attempt ended for a reason that says nothing of the endpoint (pool full, request aborted). */
    void abandon() {
        if (inProgress()) {
            cluster.breakers().release(endpoint);
            cluster.loadBalancer().onEnd(endpoint, System.nanoTime() - startNanos, true);
            startNanos = 0;
        }
    }

    /** The current endpoint is not to be tried again by this request. */
    void markTried() {
        if (endpoint != null) {
            markTried(endpoint);
        }
    }

    private void markTried(Endpoint e) {
        if (tried == null) {
            tried = new ArrayList<>(4);
        }
        tried.add(e);
    }

    private void end(boolean success) {
        long latency = System.nanoTime() - startNanos;
        startNanos = 0;
        cluster.breakers().onResult(endpoint, Duration.ofNanos(latency), success);
        cluster.loadBalancer().onEnd(endpoint, latency, success);
    }
}
