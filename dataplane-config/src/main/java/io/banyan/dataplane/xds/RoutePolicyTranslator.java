package io.banyan.dataplane.xds;

import com.google.protobuf.Any;
import io.banyan.dataplane.config.RateLimitSettings;
import io.banyan.dataplane.config.RetryOn;
import io.banyan.dataplane.config.RetryPolicy;
import io.banyan.dataplane.config.RouteHash;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The traffic-policy fields of routes: {@code retry_policy} (retry_on, num_retries, per_try_timeout,
 * retry_back_off, retriable_status_codes), {@code hash_policy} (header, cookie, connection_properties
 * source_ip) and the local rate limit of {@code typed_per_filter_config["envoy.filters.http.local_ratelimit"]}.
 * Unsupported shapes (query-parameter or filter-state hashing, retry host predicates, rate-limit descriptors)
 * are NACKed naming the field.
 */
final class RoutePolicyTranslator {

    static final String LOCAL_RATE_LIMIT = "envoy.filters.http.local_ratelimit";

    private static final String KIND = RouteConfigTranslator.KIND;

    private RoutePolicyTranslator() {
    }

    /** The route's retry policy; without one, {@link RetryPolicy#istioDefault()}. */
    static RetryPolicy retryPolicy(String name, String where, RouteAction action) throws InvalidResourceException {
        if (!action.hasRetryPolicy()) {
            return RetryPolicy.istioDefault();
        }
        io.envoyproxy.envoy.config.route.v3.RetryPolicy retry = action.getRetryPolicy();
        if (retry.getRetryHostPredicateCount() > 0 || retry.hasRetryPriority()) {
            throw new InvalidResourceException(KIND, name, where
                    + " retry_policy.retry_host_predicate/retry_priority are unsupported (expected: none; every retry goes to another endpoint)");
        }
        Set<RetryOn> retryOn;
        try {
            retryOn = RetryOn.parseList(retry.getRetryOn());
        } catch (IllegalArgumentException e) {
            throw new InvalidResourceException(KIND, name, where + " retry_policy." + e.getMessage());
        }
        int numRetries = retry.hasNumRetries() ? (int) Math.min(Integer.MAX_VALUE, retry.getNumRetries().getValue()) : 1;
        Duration perTry = retry.hasPerTryTimeout() ? ProtoFields.duration(retry.getPerTryTimeout()) : Duration.ZERO;
        Duration base = RetryPolicy.DEFAULT_BACKOFF_BASE;
        Duration max = null;
        if (retry.hasRetryBackOff()) {
            if (retry.getRetryBackOff().hasBaseInterval()) {
                base = ProtoFields.duration(retry.getRetryBackOff().getBaseInterval());
            }
            if (retry.getRetryBackOff().hasMaxInterval()) {
                max = ProtoFields.duration(retry.getRetryBackOff().getMaxInterval());
            }
        }
        Set<Integer> statuses = new HashSet<>(retry.getRetriableStatusCodesList());
        try {
            return new RetryPolicy(retryOn, numRetries, perTry, base, max == null ? base.multipliedBy(10) : max,
                    statuses, Set.of(), false);
        } catch (IllegalArgumentException e) {
            throw new InvalidResourceException(KIND, name, where + " retry_policy." + e.getMessage());
        }
    }

    /** The route's hash policy, or {@code null} when it has none. */
    static RouteHash hash(String name, String where, RouteAction action) throws InvalidResourceException {
        if (action.getHashPolicyCount() == 0) {
            return null;
        }
        List<RouteHash.Source> sources = new ArrayList<>();
        for (int i = 0; i < action.getHashPolicyCount(); i++) {
            RouteAction.HashPolicy policy = action.getHashPolicy(i);
            String field = where + " hash_policy[" + i + "]";
            switch (policy.getPolicySpecifierCase()) {
                case HEADER -> {
                    if (policy.getHeader().hasRegexRewrite()) {
                        throw new InvalidResourceException(KIND, name, field + ".header.regex_rewrite is unsupported");
                    }
                    sources.add(new RouteHash.Source(RouteHash.Kind.HEADER, policy.getHeader().getHeaderName()));
                }
                case COOKIE -> sources.add(new RouteHash.Source(RouteHash.Kind.COOKIE, policy.getCookie().getName()));
                case CONNECTION_PROPERTIES -> {
                    if (!policy.getConnectionProperties().getSourceIp()) {
                        throw new InvalidResourceException(KIND, name, field
                                + ".connection_properties.source_ip false (expected: true)");
                    }
                    sources.add(new RouteHash.Source(RouteHash.Kind.SOURCE_IP, ""));
                }
                default -> throw new InvalidResourceException(KIND, name, field + " " + policy.getPolicySpecifierCase()
                        + " is unsupported (expected: header, cookie or connection_properties.source_ip)");
            }
        }
        try {
            return new RouteHash(sources);
        } catch (IllegalArgumentException e) {
            throw new InvalidResourceException(KIND, name, where + " " + e.getMessage());
        }
    }

    /** The local rate limit of a typed_per_filter_config map, or {@code null} when it has none. */
    static RateLimitSettings rateLimit(String name, String where, Map<String, Any> perFilter)
            throws InvalidResourceException {
        Any any = perFilter.get(LOCAL_RATE_LIMIT);
        if (any == null) {
            return null;
        }
        String field = where + " typed_per_filter_config['" + LOCAL_RATE_LIMIT + "']";
        LocalRateLimit limit = ProtoFields.unpack(any, LocalRateLimit.class, field, KIND, name);
        if (limit.getDescriptorsCount() > 0) {
            throw new InvalidResourceException(KIND, name, field + ".descriptors are unsupported (expected: none)");
        }
        if (!limit.hasTokenBucket()) {
            return null; // the listener-level filter without a bucket limits nothing
        }
        if (limit.hasFilterEnforced() && limit.getFilterEnforced().getDefaultValue().getNumerator() == 0) {
            return null; // shadow mode: counted by Envoy, never enforced; Banyan does not count it
        }
        var bucket = limit.getTokenBucket();
        try {
            int perFill = bucket.hasTokensPerFill() ? (int) Math.min(Integer.MAX_VALUE, bucket.getTokensPerFill().getValue()) : 1;
            return new RateLimitSettings(bucket.getMaxTokens(), perFill, ProtoFields.duration(bucket.getFillInterval()));
        } catch (IllegalArgumentException e) {
            throw new InvalidResourceException(KIND, name, field + ".token_bucket." + e.getMessage());
        }
    }
}
