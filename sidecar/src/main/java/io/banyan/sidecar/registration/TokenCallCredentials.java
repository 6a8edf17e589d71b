package io.banyan.sidecar.registration;

import io.grpc.CallCredentials;
import io.grpc.Metadata;

import java.util.Objects;
import java.util.concurrent.Executor;

/** Adds {@code authorization: Bearer <join token>} to every call; with an empty token it adds nothing. */
public final class TokenCallCredentials extends CallCredentials {

    public static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final String token;

    public TokenCallCredentials(String token) {
        this.token = Objects.requireNonNull(token, "token");
    }

    @Override
    public void applyRequestMetadata(RequestInfo requestInfo, Executor appExecutor, MetadataApplier applier) {
        Metadata headers = new Metadata();
        if (!token.isEmpty()) {
            headers.put(AUTHORIZATION, "Bearer " + token);
        }
        applier.apply(headers);
    }

    @Override
    public String toString() {
        return "TokenCallCredentials[" + (token.isEmpty() ? "none" : "****") + "]";
    }
}
