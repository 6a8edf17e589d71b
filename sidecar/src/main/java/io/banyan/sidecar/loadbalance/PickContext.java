package io.banyan.sidecar.loadbalance;

import io.banyan.dataplane.config.Endpoint;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * What a balancer needs to know of one request attempt: the endpoints already tried and, for consistent
 * hashing, the 64-bit hash of the request's key ({@code hashed == false} when the request has no key, so
 * hashing balancers pick at random, as Envoy does).
 */
public record PickContext(Collection<Endpoint> tried, long hash, boolean hashed) {

    /** The first attempt of a request without a hash key. */
    public static final PickContext FIRST = new PickContext(List.of(), 0, false);

    public PickContext {
        Objects.requireNonNull(tried, "tried");
    }

    /** An attempt that must avoid {@code tried}, without a hash key. */
    public static PickContext avoiding(Collection<Endpoint> tried) {
        return tried.isEmpty() ? FIRST : new PickContext(tried, 0, false);
    }

    /** An attempt whose request hashed to {@code hash}, avoiding {@code tried}. */
    public static PickContext hashed(long hash, Collection<Endpoint> tried) {
        return new PickContext(tried, hash, true);
    }
}
