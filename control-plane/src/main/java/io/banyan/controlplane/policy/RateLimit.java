package io.banyan.controlplane.policy;

import java.time.Duration;

/**
 * A local rate limit per instance of the service, enforced by each instance's inbound sidecar as Envoy's
 * local rate limit filter does: a token bucket of {@code maxTokens}, refilled with {@code tokensPerFill}
 * every {@code fillInterval}; a request finding it empty gets 429.
 */
public record RateLimit(Integer maxTokens, Integer tokensPerFill, Duration fillInterval) {

    public RateLimit {
        if (maxTokens == null) {
            throw Check.invalid("rateLimit.maxTokens", "missing (expected: 1..1000000000)");
        }
        Check.range("rateLimit.maxTokens", maxTokens, 1, 1_000_000_000);
        tokensPerFill = Check.range("rateLimit.tokensPerFill", Check.orDefault(tokensPerFill, maxTokens),
                1, 1_000_000_000);
        fillInterval = Check.duration("rateLimit.fillInterval", Check.orDefault(fillInterval, Duration.ofSeconds(1)),
                Duration.ofMillis(50), Duration.ofHours(1));
    }
}
