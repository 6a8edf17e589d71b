package io.banyan.dataplane.config;

import io.banyan.primitives.check.Checks;

/** A token bucket per client: {@code burst} tokens, refilled at {@code requestsPerSecond}; one request, one token. */
public record ClientRateLimitSettings(ClientKeySource key, double requestsPerSecond, int burst) {

    public ClientRateLimitSettings {
        Checks.nonNull(key, "key");
        if (!(requestsPerSecond > 0) || requestsPerSecond > 1_000_000) {
            throw new IllegalArgumentException("requests_per_second: " + requestsPerSecond + " (expected: > 0 and <= 1000000)");
        }
        Checks.between(burst, 1, 1_000_000_000, "burst");
    }
}
