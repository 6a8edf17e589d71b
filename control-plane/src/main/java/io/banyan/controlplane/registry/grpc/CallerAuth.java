package io.banyan.controlplane.registry.grpc;

import io.banyan.controlplane.token.JoinTokens;
import io.banyan.controlplane.token.TokenRejectedException;
import io.grpc.Status;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Who a registration caller is: the admin token may act for any service, a join token for its own
 * service only. Unlike the admin API, a token is always required, even when the admin token is empty.
 */
final class CallerAuth {

    /** An authenticated caller: {@code service} is null for the admin. */
    record Caller(String service) {

        void requireService(String wanted) {
            if (service != null && !service.equals(wanted)) {
                throw Status.PERMISSION_DENIED.withDescription("token is for service '" + service
                        + "', not '" + wanted + "'").asRuntimeException();
            }
        }
    }

    private final JoinTokens tokens;
    private final byte[] adminToken;

    CallerAuth(JoinTokens tokens, String adminToken) {
        this.tokens = tokens;
        this.adminToken = adminToken == null ? new byte[0] : adminToken.getBytes(StandardCharsets.UTF_8);
    }

    Caller authenticate(String token) {
        if (token == null) {
            throw Status.UNAUTHENTICATED
                    .withDescription("authorization: missing (expected: Bearer <join token>)").asRuntimeException();
        }
        if (adminToken.length > 0 && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), adminToken)) {
            return new Caller(null);
        }
        try {
            return new Caller(tokens.verify(token));
        } catch (TokenRejectedException e) {
            throw Status.UNAUTHENTICATED.withDescription(e.getMessage()).asRuntimeException();
        }
    }
}
