package io.banyan.sidecar.resilience;

import io.banyan.dataplane.config.RateLimitSettings;
import io.banyan.primitives.check.Checks;
import io.banyan.primitives.time.Ticker;

import java.util.concurrent.atomic.AtomicReference;

/**
 * A lock-free token bucket for one service or route (Envoy local rate limiting). Tokens are added in
 * whole fills at fill-interval boundaries measured from the bucket's creation, as Envoy's timer does.
 * resilience4j's RateLimiter resets its permits each period instead of accumulating up to a burst,
 * which is not a token bucket; hence this class.
 */
public final class LocalRateLimiter {

    private final RateLimitSettings settings;
    private final Ticker ticker;
    private final ResilienceMetrics metrics;
    private final long fillNanos;
    private final AtomicReference<Bucket> bucket;

    private record Bucket(long tokens, long lastFillNanos) {
    }

    public LocalRateLimiter(RateLimitSettings settings, Ticker ticker, ResilienceMetrics metrics) {
        this.settings = Checks.nonNull(settings, "settings");
        this.ticker = Checks.nonNull(ticker, "ticker");
        this.metrics = Checks.nonNull(metrics, "metrics");
        this.fillNanos = settings.fillInterval().toNanos();
        this.bucket = new AtomicReference<>(new Bucket(settings.maxTokens(), ticker.nanoTime()));
    }

    /** Takes a token: {@code true} if the request may pass, {@code false} if it is refused (the caller answers 429). */
    public boolean tryAcquire() {
        for (;;) {
            Bucket current = bucket.get();
            Bucket filled = refill(current, ticker.nanoTime());
            if (filled.tokens == 0) {
                if (filled == current || bucket.compareAndSet(current, filled)) {
                    metrics.recordRateLimited();
                    return false;
                }
                continue;
            }
            if (bucket.compareAndSet(current, new Bucket(filled.tokens - 1, filled.lastFillNanos))) {
                return true;
            }
        }
    }

    /** Tokens available now. */
    public long availableTokens() {
        return refill(bucket.get(), ticker.nanoTime()).tokens;
    }

    private Bucket refill(Bucket current, long now) {
        long fills = (now - current.lastFillNanos) / fillNanos;
        if (fills <= 0) {
            return current;
        }
        long added = fills > settings.maxTokens() ? settings.maxTokens() : fills * settings.tokensPerFill();
        long tokens = Math.min(settings.maxTokens(), current.tokens + added);
        return new Bucket(tokens, current.lastFillNanos + fills * fillNanos);
    }
}
