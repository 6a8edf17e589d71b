package io.banyan.sidecar.edge;

import com.nimbusds.jose.jwk.JWKSet;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/** Keys held in memory, swapped by the test; reloads for unknown keys are counted and answered with {@link #next}. */
final class StaticJwks implements JwksSource {

    final CompletableFuture<JWKSet> firstLoad = new CompletableFuture<>();
    final AtomicInteger reloads = new AtomicInteger();
    volatile JWKSet current;
    volatile JWKSet next;
    volatile boolean reloadAllowed = true;

    StaticJwks(JWKSet keys) {
        current = keys;
        if (keys != null) {
            firstLoad.complete(keys);
        }
    }

    @Override
    public JWKSet current() {
        return current;
    }

    @Override
    public CompletableFuture<JWKSet> firstLoad() {
        return firstLoad;
    }

    @Override
    public Optional<CompletableFuture<JWKSet>> reloadForUnknownKey() {
        if (!reloadAllowed) {
            return Optional.empty();
        }
        reloads.incrementAndGet();
        if (next != null) {
            current = next;
        }
        return Optional.of(CompletableFuture.completedFuture(current));
    }

    @Override
    public void close() {
    }
}
