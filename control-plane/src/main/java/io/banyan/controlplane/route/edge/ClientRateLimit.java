package io.banyan.controlplane.route.edge;

/**
 * A token bucket per client of the route: {@code burst} tokens, refilled at {@code requestsPerSecond}; a request
 * finding its client's bucket empty gets 429 with {@code Retry-After}. {@code burst} defaults to one second's worth
 * (at least 1). The gateway keeps a bounded number of buckets (see docs/xds.md).
 */
public record ClientRateLimit(ClientKey key, Double requestsPerSecond, Integer burst) {

    public static final double MAX_RATE = 1_000_000;
    public static final int MAX_BURST = 1_000_000_000;

    public ClientRateLimit {
        if (key == null) {
            throw EdgeCheck.invalid("rateLimit.key", "missing (expected: apiKey, jwtSubject or clientIp)");
        }
        if (requestsPerSecond == null || requestsPerSecond.isNaN() || requestsPerSecond < 0.001
                || requestsPerSecond > MAX_RATE) {
            throw EdgeCheck.invalid("rateLimit.requestsPerSecond", requestsPerSecond + " (expected: 0.001.."
                    + (long) MAX_RATE + ")");
        }
        burst = EdgeCheck.orDefault(burst, (int) Math.max(1, Math.ceil(requestsPerSecond)));
        if (burst < 1 || burst > MAX_BURST) {
            throw EdgeCheck.invalid("rateLimit.burst", burst + " (expected: 1.." + MAX_BURST + ")");
        }
    }
}
