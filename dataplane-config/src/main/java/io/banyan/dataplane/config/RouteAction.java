package io.banyan.dataplane.config;

import io.banyan.primitives.check.Checks;

import java.time.Duration;
import java.util.List;

/**
 * Where a matched request goes: one cluster, or several with weights (canary and strangler-fig
 * splits). {@code timeout} is the route's overall timeout; {@link Duration#ZERO} disables it, as in Envoy.
 * {@code retryPolicy} (with its per-try timeout) governs retries; {@code hash} ({@code null}: none) keys
 * consistent hashing; {@code rateLimit} ({@code null}: none) is the local token bucket of the route.
 * {@code prefixRewrite} ({@code null}: none) replaces the part of the path the route matched in the request sent
 * upstream; {@code mirrors} (at most {@link MirrorPolicy#MAX_PER_ROUTE}) are the clusters its requests are shadowed
 * to.
 */
public record RouteAction(List<WeightedCluster> clusters, Duration timeout, RetryPolicy retryPolicy, RouteHash hash,
                          RateLimitSettings rateLimit, String prefixRewrite, List<MirrorPolicy> mirrors) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

    public RouteAction {
        clusters = List.copyOf(Checks.nonNull(clusters, "routeAction.clusters"));
        if (clusters.isEmpty()) {
            throw new IllegalArgumentException("routeAction.clusters: [] (expected: at least one cluster)");
        }
        if (clusters.stream().mapToInt(WeightedCluster::weight).sum() <= 0) {
            throw new IllegalArgumentException("routeAction.clusters: weights sum to 0 (expected: > 0)");
        }
        Checks.nonNull(timeout, "routeAction.timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("routeAction.timeout: " + timeout + " (expected: >= 0)");
        }
        Checks.nonNull(retryPolicy, "routeAction.retryPolicy");
        if (prefixRewrite != null && prefixRewrite.chars().anyMatch(c -> c <= ' ' || c >= 0x7f || c == '?' || c == '#')) {
            throw new IllegalArgumentException("routeAction.prefixRewrite: '" + prefixRewrite
                    + "' (expected: a path without spaces, control characters, '?' or '#')");
        }
        mirrors = List.copyOf(Checks.nonNull(mirrors, "routeAction.mirrors"));
        if (mirrors.size() > MirrorPolicy.MAX_PER_ROUTE) {
            throw new IllegalArgumentException("routeAction.mirrors: " + mirrors.size()
                    + " policies (expected: at most " + MirrorPolicy.MAX_PER_ROUTE + ")");
        }
    }

    /** A route that rewrites and mirrors nothing. */
    public RouteAction(List<WeightedCluster> clusters, Duration timeout, RetryPolicy retryPolicy, RouteHash hash,
                       RateLimitSettings rateLimit) {
        this(clusters, timeout, retryPolicy, hash, rateLimit, null, List.of());
    }

    /** A route with the default retry policy ({@link RetryPolicy#istioDefault()}), no hashing, no rate limit. */
    public RouteAction(List<WeightedCluster> clusters, Duration timeout) {
        this(clusters, timeout, RetryPolicy.istioDefault(), null, null);
    }

    public static RouteAction toCluster(String cluster) {
        return new RouteAction(List.of(new WeightedCluster(cluster, 1)), DEFAULT_TIMEOUT);
    }

    public RouteAction withRateLimit(RateLimitSettings limit) {
        return new RouteAction(clusters, timeout, retryPolicy, hash, limit, prefixRewrite, mirrors);
    }

    public RouteAction withMirrors(List<MirrorPolicy> policies) {
        return new RouteAction(clusters, timeout, retryPolicy, hash, rateLimit, prefixRewrite, policies);
    }

    public RouteAction withPrefixRewrite(String rewrite) {
        return new RouteAction(clusters, timeout, retryPolicy, hash, rateLimit, rewrite, mirrors);
    }
}
