package io.banyan.sidecar.edge;

/** One client's bucket: {@code burst} tokens, refilled continuously at {@code perSecond}. Not thread-safe. */
final class TokenBucket {

    private final double perNano;
    private final int burst;
    private double tokens;
    private long last;

    TokenBucket(double perSecond, int burst, long now) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.last = now;
    }

    /** Takes a token: 0 when there was one, else the nanoseconds until there will be one. */
    long take(long now) {
        tokens = Math.min(burst, tokens + Math.max(0, now - last) * perNano);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - tokens) / perNano);
    }
}
