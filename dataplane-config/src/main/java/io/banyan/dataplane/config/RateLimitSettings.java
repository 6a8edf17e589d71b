package io.banyan.dataplane.config;

import io.banyan.primitives.check.Checks;

import java.time.Duration;

/**
 * A local token bucket, as Envoy's {@code local_ratelimit} {@code token_bucket}: it starts full with
 * {@code maxTokens}, gains {@code tokensPerFill} every {@code fillInterval} up to {@code maxTokens}, and each
 * request takes one token; without one the request gets 429 {@code rate_limited}.
 */
public record RateLimitSettings(int maxTokens, int tokensPerFill, Duration fillInterval) {

    public RateLimitSettings {
        Checks.atLeast(maxTokens, 1, "maxTokens");
        Checks.atLeast(tokensPerFill, 1, "tokensPerFill");
        Checks.positive(fillInterval, "fillInterval");
        if (fillInterval.toMillis() < 50) {
            throw new IllegalArgumentException("fillInterval: " + fillInterval + " (expected: >= 50ms, as Envoy)");
        }
    }

    /** {@code requestsPerSecond} sustained, bursts up to the same number (Envoy: tokens_per_fill = max_tokens, 1 s). */
    public static RateLimitSettings perSecond(int requestsPerSecond) {
        return new RateLimitSettings(requestsPerSecond, requestsPerSecond, Duration.ofSeconds(1));
    }
}
