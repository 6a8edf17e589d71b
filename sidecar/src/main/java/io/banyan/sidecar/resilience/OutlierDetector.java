package io.banyan.sidecar.resilience;

import io.banyan.dataplane.config.Endpoint;
import io.banyan.dataplane.config.OutlierSettings;
import io.banyan.primitives.check.Checks;
import io.banyan.primitives.time.Ticker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Passive outlier detection of one cluster with Envoy's semantics: consecutive 5xx and consecutive
 * gateway failures eject at once; success-rate outliers are ejected at each {@link #evaluate()} sweep
 * (call it every {@link OutlierSettings#interval()}), which also brings back endpoints whose ejection
 * time is over. The ejection time is {@code baseEjectionTime * times ejected}, capped; the count goes
 * down by one each sweep an endpoint stays healthy. At most {@code maxEjectionPercent} of the endpoints
 * are ejected at once, but one may always be. Thread-safe: results come from every event loop.
 */
public final class OutlierDetector {

    public enum Reason {
        CONSECUTIVE_5XX("consecutive_5xx"),
        CONSECUTIVE_GATEWAY_FAILURE("consecutive_gateway_failure"),
        SUCCESS_RATE("success_rate");

        private final String token;

        Reason(String token) {
            this.token = token;
        }

        public String token() {
            return token;
        }
    }

    /** Why and for how much longer an endpoint is ejected (for /clusters). */
    public record Ejection(Reason reason, Duration remaining) {
    }

    private final OutlierSettings settings;
    private final Ticker ticker;
    private final ResilienceMetrics metrics;
    private final OutlierListener listener;
    private final ConcurrentMap<String, EndpointStats> endpoints = new ConcurrentHashMap<>();

    public OutlierDetector(OutlierSettings settings, Ticker ticker, ResilienceMetrics metrics, OutlierListener listener) {
        this.settings = Checks.nonNull(settings, "settings");
        this.ticker = Checks.nonNull(ticker, "ticker");
        this.metrics = Checks.nonNull(metrics, "metrics");
        this.listener = Checks.nonNull(listener, "listener");
    }

    /** Sets the cluster's endpoints (on every EDS update): new ones are tracked, gone ones forgotten. */
    public synchronized void updateEndpoints(Collection<Endpoint> current) {
        Map<String, Endpoint> byKey = new HashMap<>();
        for (Endpoint endpoint : current) {
            byKey.put(endpoint.authority(), endpoint);
        }
        endpoints.keySet().retainAll(byKey.keySet());
        byKey.forEach((key, endpoint) -> endpoints.computeIfAbsent(key, k -> new EndpointStats(endpoint)));
        metrics.ejectedEndpoints(ejectedCount());
    }

    /** True while {@code endpoint} is ejected: the load balancer should skip it. */
    public boolean isEjected(Endpoint endpoint) {
        EndpointStats stats = endpoints.get(endpoint.authority());
        return stats != null && stats.ejected && ticker.nanoTime() < stats.ejectedUntilNanos;
    }

    /**
     * The ejection of {@code endpoint}, if it is ejected: its reason and the time left (zero once over, until
     * the next sweep brings it back). Read-only.
     */
    public synchronized Optional<Ejection> ejection(Endpoint endpoint) {
        EndpointStats stats = endpoints.get(endpoint.authority());
        if (stats == null || !stats.ejected) {
            return Optional.empty();
        }
        long remaining = Math.max(0, stats.ejectedUntilNanos - ticker.nanoTime());
        return Optional.of(new Ejection(stats.ejectedFor, Duration.ofNanos(remaining)));
    }

    /** Reports a response from {@code endpoint} with this HTTP status. */
    public void onResponse(Endpoint endpoint, int status) {
        record(endpoint, status >= 500, status == 502 || status == 503 || status == 504);
    }

    /**
     * Reports a locally detected failure (connect failure, reset, timeout): counted as a 5xx and a
     * gateway failure, as Envoy does when local-origin errors are not split out.
     */
    public void onLocalFailure(Endpoint endpoint) {
        record(endpoint, true, true);
    }

    private void record(Endpoint endpoint, boolean serverError, boolean gatewayFailure) {
        EndpointStats stats = endpoints.get(endpoint.authority());
        if (stats == null) {
            return;
        }
        Reason trip = stats.record(serverError, gatewayFailure, settings);
        if (trip != null) {
            tryEject(stats, trip);
        }
    }

    /**
     * The interval sweep: brings back endpoints whose ejection time is over, lowers the ejection count of
     * healthy ones, ejects success-rate outliers, and starts a new counting interval.
     */
    public synchronized void evaluate() {
        long now = ticker.nanoTime();
        for (EndpointStats stats : endpoints.values()) {
            if (stats.ejected && now >= stats.ejectedUntilNanos) {
                stats.ejected = false;
                stats.resetConsecutive();
                metrics.ejectedEndpoints(ejectedCount());
                listener.onUnejected(stats.endpoint);
            } else if (!stats.ejected && stats.timesEjected > 0) {
                stats.timesEjected--;
            }
        }
        if (settings.successRateEnabled()) {
            ejectSuccessRateOutliers();
        }
        for (EndpointStats stats : endpoints.values()) {
            stats.resetInterval();
        }
    }

    private void ejectSuccessRateOutliers() {
        List<EndpointStats> eligible = new ArrayList<>();
        List<Double> rates = new ArrayList<>();
        for (EndpointStats stats : endpoints.values()) {
            long[] interval = stats.intervalCounts();
            if (!stats.ejected && interval[0] >= settings.successRateRequestVolume()) {
                eligible.add(stats);
                rates.add(100.0 * (interval[0] - interval[1]) / interval[0]);
            }
        }
        if (eligible.size() < settings.successRateMinimumHosts()) {
            return;
        }
        double mean = rates.stream().mapToDouble(Double::doubleValue).average().orElse(100);
        double variance = rates.stream().mapToDouble(rate -> (rate - mean) * (rate - mean)).sum() / rates.size();
        double threshold = mean - Math.sqrt(variance) * settings.successRateStdevFactor() / 1000.0;
        for (int i = 0; i < eligible.size(); i++) {
            if (rates.get(i) < threshold) {
                tryEject(eligible.get(i), Reason.SUCCESS_RATE);
            }
        }
    }

    private synchronized void tryEject(EndpointStats stats, Reason reason) {
        long now = ticker.nanoTime();
        if (stats.ejected && now < stats.ejectedUntilNanos) {
            return;
        }
        int ejected = ejectedCount();
        int total = endpoints.size();
        if (ejected > 0 && 100.0 * (ejected + 1) / total > settings.maxEjectionPercent()) {
            stats.resetConsecutive();
            return;
        }
        stats.timesEjected++;
        long base = settings.baseEjectionTime().toNanos();
        long max = Math.max(base, settings.maxEjectionTime().toNanos());
        long ejectionNanos = stats.timesEjected > max / base ? max : Math.min(max, base * stats.timesEjected);
        stats.ejected = true;
        stats.ejectedUntilNanos = now + ejectionNanos;
        stats.ejectedFor = reason;
        stats.resetConsecutive();
        metrics.recordEjection(reason);
        metrics.ejectedEndpoints(ejectedCount());
        listener.onEjected(stats.endpoint, reason, Duration.ofNanos(ejectionNanos));
    }

    /** Endpoints ejected now (counting those whose time is over until the next sweep brings them back). */
    public synchronized int ejectedCount() {
        int count = 0;
        for (EndpointStats stats : endpoints.values()) {
            if (stats.ejected) {
                count++;
            }
        }
        return count;
    }

    /** The counters of one endpoint; counting is guarded by the stats object, ejection state by the detector. */
    private static final class EndpointStats {
        final Endpoint endpoint;
        volatile boolean ejected;
        volatile long ejectedUntilNanos;
        volatile Reason ejectedFor;
        int timesEjected;
        private int consecutive5xx;
        private int consecutiveGateway;
        private long intervalRequests;
        private long intervalFailures;

        EndpointStats(Endpoint endpoint) {
            this.endpoint = endpoint;
        }

        /** Counts one result; returns the reason to eject for, or null. */
        synchronized Reason record(boolean serverError, boolean gatewayFailure, OutlierSettings settings) {
            intervalRequests++;
            if (serverError) {
                intervalFailures++;
            }
            consecutive5xx = serverError ? consecutive5xx + 1 : 0;
            consecutiveGateway = gatewayFailure ? consecutiveGateway + 1 : 0;
            if (settings.consecutive5xx() > 0 && consecutive5xx >= settings.consecutive5xx()) {
                return Reason.CONSECUTIVE_5XX;
            }
            if (settings.consecutiveGatewayFailure() > 0 && consecutiveGateway >= settings.consecutiveGatewayFailure()) {
                return Reason.CONSECUTIVE_GATEWAY_FAILURE;
            }
            return null;
        }

        synchronized long[] intervalCounts() {
            return new long[] {intervalRequests, intervalFailures};
        }

        synchronized void resetConsecutive() {
            consecutive5xx = 0;
            consecutiveGateway = 0;
        }

        synchronized void resetInterval() {
            intervalRequests = 0;
            intervalFailures = 0;
        }
    }
}
