package io.banyan.controlplane.xds.snapshot;

import com.google.protobuf.Any;
import io.banyan.controlplane.policy.HashPolicy;
import io.banyan.controlplane.policy.RateLimit;
import io.banyan.controlplane.policy.Retries;
import io.banyan.controlplane.policy.TrafficPolicy;
import io.envoyproxy.envoy.config.core.v3.RuntimeFractionalPercent;
import io.envoyproxy.envoy.config.route.v3.RetryPolicy;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit;
import io.envoyproxy.envoy.type.v3.FractionalPercent;
import io.envoyproxy.envoy.type.v3.TokenBucket;

/**
 * Writes a service's traffic policy into the RouteAction toward it (timeout, retry_policy,
 * hash_policy) and, for its own inbound routes, the local rate limit as the virtual host's
 * {@code typed_per_filter_config["envoy.filters.http.local_ratelimit"]}.
 */
final class RoutePolicy {

    static final String LOCAL_RATE_LIMIT = "envoy.filters.http.local_ratelimit";
    static final String RATE_LIMIT_STAT_PREFIX = "banyan_local_rate_limit";

    private RoutePolicy() {
    }

    static void apply(RouteAction.Builder action, TrafficPolicy policy) {
        action.setTimeout(Protos.duration(policy.timeouts().request()))
                .setRetryPolicy(retryPolicy(policy));
        HashPolicy hash = policy.loadBalancing().hash();
        if (hash != null) {
            action.addHashPolicy(hashPolicy(hash));
        }
    }

    private static RetryPolicy retryPolicy(TrafficPolicy policy) {
        Retries retries = policy.retries();
        RetryPolicy.Builder retry = RetryPolicy.newBuilder()
                .setRetryOn(retries.retryOn())
                .setNumRetries(Protos.uint32(retries.numRetries()))
                .setRetryBackOff(RetryPolicy.RetryBackOff.newBuilder()
                        .setBaseInterval(Protos.duration(retries.backoffBase()))
                        .setMaxInterval(Protos.duration(retries.backoffMax())))
                .addAllRetriableStatusCodes(retries.retriableStatusCodes());
        if (policy.timeouts().perTry() != null) {
            retry.setPerTryTimeout(Protos.duration(policy.timeouts().perTry()));
        }
        return retry.build();
    }

    private static RouteAction.HashPolicy hashPolicy(HashPolicy hash) {
        RouteAction.HashPolicy.Builder builder = RouteAction.HashPolicy.newBuilder();
        if (hash.header() != null) {
            builder.setHeader(RouteAction.HashPolicy.Header.newBuilder().setHeaderName(hash.header()));
        } else if (hash.cookie() != null) {
            RouteAction.HashPolicy.Cookie.Builder cookie = RouteAction.HashPolicy.Cookie.newBuilder()
                    .setName(hash.cookie());
            if (hash.cookieTtl() != null) {
                cookie.setTtl(Protos.duration(hash.cookieTtl()));
            }
            builder.setCookie(cookie);
        } else {
            builder.setConnectionProperties(RouteAction.HashPolicy.ConnectionProperties.newBuilder().setSourceIp(true));
        }
        return builder.build();
    }

    /** The per-route config of the local rate limit filter: the bucket, enabled and enforced for 100%. */
    static Any localRateLimit(RateLimit limit) {
        return Any.pack(LocalRateLimit.newBuilder()
                .setStatPrefix(RATE_LIMIT_STAT_PREFIX)
                .setTokenBucket(TokenBucket.newBuilder()
                        .setMaxTokens(limit.maxTokens())
                        .setTokensPerFill(Protos.uint32(limit.tokensPerFill()))
                        .setFillInterval(Protos.duration(limit.fillInterval())))
                .setFilterEnabled(everyRequest("local_rate_limit_enabled"))
                .setFilterEnforced(everyRequest("local_rate_limit_enforced"))
                .build());
    }

    /** The listener-level filter config: no bucket of its own, so only routes with a per-route config are limited. */
    static Any localRateLimitFilter() {
        return Any.pack(LocalRateLimit.newBuilder().setStatPrefix(RATE_LIMIT_STAT_PREFIX).build());
    }

    private static RuntimeFractionalPercent everyRequest(String runtimeKey) {
        return RuntimeFractionalPercent.newBuilder()
                .setDefaultValue(FractionalPercent.newBuilder()
                        .setNumerator(100)
                        .setDenominator(FractionalPercent.DenominatorType.HUNDRED))
                .setRuntimeKey(runtimeKey)
                .build();
    }
}
