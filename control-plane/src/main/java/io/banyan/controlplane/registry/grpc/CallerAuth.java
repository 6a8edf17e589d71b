package io.banyan.controlplane.registry.grpc;

import io.banyan.controlplane.ca.PeerAuthenticator;
import io.banyan.controlplane.token.JoinTokens;
import io.banyan.controlplane.token.TokenRejectedException;
import io.grpc.Status;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Who a registration caller is: the admin token may act for any service, a join token for its own
 * service only. Without a token, a sidecar may prove its service with its workload certificate (the TLS
 * client certificate), when a {@link PeerAuthenticator} is given. Unlike the admin API, a proof is always
 * required, even when the admin token is empty.
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
    private final PeerAuthenticator peers;

    CallerAuth(JoinTokens tokens, String adminToken, PeerAuthenticator peers) {
        this.tokens = tokens;
        this.adminToken = adminToken == null ? new byte[0] : adminToken.getBytes(StandardCharsets.UTF_8);
        this.peers = peers;
    }

    /**
     * A valid client certificate proves its service first (it is current and short-lived, and survives a
     * root rotation that outdates the join token's pinned CA); without one, the bearer token does.
     */
    Caller authenticate(String token, List<X509Certificate> peerChain) {
        if (peers != null && peerChain != null && !peerChain.isEmpty()) {
            try {
                return new Caller(peers.authenticate(peerChain).service());
            } catch (PeerAuthenticator.RejectedException e) {
                if (token == null) {
                    throw Status.UNAUTHENTICATED.withDescription(e.getMessage()).asRuntimeException();
                }
            }
        }
        return authenticate(token);
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
