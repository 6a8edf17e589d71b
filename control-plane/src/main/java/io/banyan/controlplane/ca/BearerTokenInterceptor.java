package io.banyan.controlplane.ca;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/** Puts the bearer token of the {@code authorization} metadata (or null) into the call's {@link Context}. */
public final class BearerTokenInterceptor implements ServerInterceptor {

    public static final Context.Key<String> TOKEN = Context.key("banyan-bearer-token");
    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private static final String PREFIX = "bearer ";

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        String header = headers.get(AUTHORIZATION);
        String token = null;
        if (header != null && header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            token = header.substring(PREFIX.length()).trim();
            token = token.isEmpty() ? null : token;
        }
        return Contexts.interceptCall(Context.current().withValue(TOKEN, token), call, headers, next);
    }
}
