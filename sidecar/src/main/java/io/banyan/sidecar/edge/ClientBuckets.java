package io.banyan.sidecar.edge;

import io.banyan.dataplane.config.ClientRateLimitSettings;
import io.banyan.primitives.check.Checks;
import io.banyan.primitives.time.Ticker;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-client token buckets in bounded memory: at most {@code maxClients} buckets, least recently used evicted first
 * (an evicted client comes back with a full bucket, as a client idle long enough would have: a bucket idle for
 * burst / rate is full anyway). A bucket belongs to a limit and a client, so routes with the same limit share a
 * client's bucket. One lock; a take is a few arithmetic operations.
 */
public final class ClientBuckets {

    private final Ticker ticker;
    private int maxClients; // guarded by buckets
    private final LinkedHashMap<Key, TokenBucket> buckets;

    public ClientBuckets(Ticker ticker, int maxClients) {
        this.ticker = ticker;
        this.maxClients = Checks.atLeast(maxClients, 1, "maxClients");
        this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, TokenBucket> eldest) {
                return size() > ClientBuckets.this.maxClients;
            }
        };
    }

    /** Takes a token of {@code client} under {@code limit}: 0 when allowed, else the nanoseconds to wait. */
    public long take(ClientRateLimitSettings limit, String client) {
        long now = ticker.nanoTime();
        synchronized (buckets) {
            return buckets.computeIfAbsent(new Key(limit, client),
                    key -> new TokenBucket(limit.requestsPerSecond(), limit.burst(), now)).take(now);
        }
    }

    /**
     * Bounds the buckets at {@code maxClients} from now on (the gateway's published {@code max_clients}); a smaller bound
     * evicts the least recently used clients at once.
     */
    public void resize(int maxClients) {
        Checks.atLeast(maxClients, 1, "maxClients");
        synchronized (buckets) {
            this.maxClients = maxClients;
            var eldest = buckets.entrySet().iterator();
            while (buckets.size() > maxClients) {
                eldest.next();
                eldest.remove();
            }
        }
    }

    /** How many clients have a bucket now (at most {@code maxClients}). */
    public int size() {
        synchronized (buckets) {
            return buckets.size();
        }
    }

    private record Key(ClientRateLimitSettings limit, String client) {
    }
}
