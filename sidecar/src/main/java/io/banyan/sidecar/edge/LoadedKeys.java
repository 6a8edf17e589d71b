package io.banyan.sidecar.edge;

import com.nimbusds.jose.jwk.JWKSet;

import java.util.concurrent.CompletableFuture;

/** The state every key source keeps: the keys last loaded and the end of the first load. */
abstract class LoadedKeys implements JwksSource {

    private final CompletableFuture<JWKSet> firstLoad = new CompletableFuture<>();
    private volatile JWKSet current;

    @Override
    public final JWKSet current() {
        return current;
    }

    @Override
    public final CompletableFuture<JWKSet> firstLoad() {
        return firstLoad;
    }

    /** Keeps {@code keys} as the current set. */
    final void loaded(JWKSet keys) {
        current = keys;
    }

    /** A load ended, well or not: the first one completes {@link #firstLoad} with what is current. */
    final void loadEnded() {
        firstLoad.complete(current);
    }
}
