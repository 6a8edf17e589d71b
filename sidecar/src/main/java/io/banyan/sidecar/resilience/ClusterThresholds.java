package io.banyan.sidecar.resilience;

import io.banyan.dataplane.config.ThresholdSettings;
import io.banyan.primitives.check.Checks;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A cluster's resource counters against its {@link ThresholdSettings}: lock-free, shared by every event
 * loop. Every successful {@link #tryAcquire} must be paired with one {@link #release} of the same resource.
 */
public final class ClusterThresholds {

    /** The counted resources, as Envoy's thresholds. */
    public enum Resource {
        CONNECTIONS("connections"),
        /** Requests waiting for a connection. */
        PENDING_REQUESTS("pending_requests"),
        /** Requests in flight on a connection. */
        REQUESTS("requests"),
        RETRIES("retries");

        private final String token;

        Resource(String token) {
            this.token = token;
        }

        public String token() {
            return token;
        }
    }

    private final ThresholdSettings settings;
    private final ResilienceMetrics metrics;
    private final Map<Resource, AtomicInteger> counters = new EnumMap<>(Resource.class);

    public ClusterThresholds(ThresholdSettings settings, ResilienceMetrics metrics) {
        this.settings = Checks.nonNull(settings, "settings");
        this.metrics = Checks.nonNull(metrics, "metrics");
        for (Resource resource : Resource.values()) {
            counters.put(resource, new AtomicInteger());
        }
    }

    /**
     * Takes one unit of {@code resource}: {@code true} if admitted, {@code false} if over its threshold (the caller
     * answers 503 overflow).
     */
    public boolean tryAcquire(Resource resource) {
        AtomicInteger counter = counters.get(resource);
        int max = max(resource);
        for (;;) {
            int current = counter.get();
            if (current >= max) {
                metrics.recordOverflow(resource);
                return false;
            }
            if (counter.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    /** Gives back one unit of {@code resource}. */
    public void release(Resource resource) {
        counters.get(resource).getAndUpdate(current -> Math.max(0, current - 1));
    }

    /** Units of {@code resource} in use. */
    public int active(Resource resource) {
        return counters.get(resource).get();
    }

    /** Active plus pending requests: what Envoy's retry budget is a percentage of. */
    public int requestsInFlight() {
        return active(Resource.REQUESTS) + active(Resource.PENDING_REQUESTS);
    }

    /** The max-retries threshold as a {@link RetryGate}, used when the retry budget is disabled. */
    public RetryGate retryGate() {
        return new RetryGate() {
            @Override
            public boolean tryAcquire() {
                return ClusterThresholds.this.tryAcquire(Resource.RETRIES);
            }

            @Override
            public void release() {
                ClusterThresholds.this.release(Resource.RETRIES);
            }

            @Override
            public int active() {
                return ClusterThresholds.this.active(Resource.RETRIES);
            }
        };
    }

    /** The limit of {@code resource} (its threshold setting). */
    public int max(Resource resource) {
        return switch (resource) {
            case CONNECTIONS -> settings.maxConnections();
            case PENDING_REQUESTS -> settings.maxPendingRequests();
            case REQUESTS -> settings.maxRequests();
            case RETRIES -> settings.maxRetries();
        };
    }
}
