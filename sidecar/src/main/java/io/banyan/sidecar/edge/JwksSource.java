package io.banyan.sidecar.edge;

import com.nimbusds.jose.jwk.JWKSet;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Where a JWT issuer's public keys come from; loading never runs on the caller's thread. */
public interface JwksSource extends AutoCloseable {

    /** The keys last loaded, or {@code null} before the first load succeeded. */
    JWKSet current();

    /** Completes once the first load ended (with the keys, or {@code null} when it failed). */
    CompletableFuture<JWKSet> firstLoad();

    /**
     * A reload because a token named a key id this set lacks (the issuer rotated its keys), or empty when one was
     * asked for too recently: an unknown {@code kid} cannot make the gateway hammer the issuer.
     */
    Optional<CompletableFuture<JWKSet>> reloadForUnknownKey();

    @Override
    void close();
}
