package io.banyan.sidecar.loadbalance;

import io.banyan.dataplane.config.Endpoint;
import io.banyan.dataplane.config.RouteHash;

import java.util.Collection;
import java.util.Objects;

/**
 * Where a request's consistent-hashing key comes from: a header, a cookie or the source address, tried in
 * order with {@link #or}. A request without a key is balanced at random (Envoy's behaviour).
 */
@FunctionalInterface
public interface HashPolicy {

    /** The key of {@code request}, or {@code null} when this policy finds none. */
    String key(RequestView request);

    static HashPolicy header(String name) {
        requireName(name, "hashPolicy.header");
        return request -> request.header(name);
    }

    static HashPolicy cookie(String name) {
        requireName(name, "hashPolicy.cookie");
        return request -> request.cookie(name);
    }

    static HashPolicy sourceAddress() {
        return RequestView::sourceAddress;
    }

    /** The sources of a route's {@code hash}, chained with {@link #or} in their order. */
    static HashPolicy of(RouteHash hash) {
        HashPolicy policy = null;
        for (RouteHash.Source source : hash.sources()) {
            HashPolicy next = switch (source.kind()) {
                case HEADER -> header(source.name());
                case COOKIE -> cookie(source.name());
                case SOURCE_IP -> sourceAddress();
            };
            policy = policy == null ? next : policy.or(next);
        }
        return policy;
    }

    /** This policy's key, or {@code other}'s when this one finds none. */
    default HashPolicy or(HashPolicy other) {
        Objects.requireNonNull(other, "other");
        return request -> {
            String key = key(request);
            return key != null ? key : other.key(request);
        };
    }

    /** The pick context of {@code request}: hashed when a key was found. */
    default PickContext context(RequestView request, Collection<Endpoint> tried) {
        String key = key(request);
        return key == null ? PickContext.avoiding(tried) : PickContext.hashed(XxHash64.hash(key), tried);
    }

    private static void requireName(String name, String field) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(field + ": '" + name + "' (expected: a non-empty name)");
        }
    }
}
