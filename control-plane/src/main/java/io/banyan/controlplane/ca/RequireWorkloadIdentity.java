package io.banyan.controlplane.ca;

import io.banyan.certs.SpiffeId;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * Admits a call only from a peer whose TLS client certificate is a valid workload certificate of our trust
 * domain ({@link PeerAuthenticator}) and puts its SPIFFE id into the call's {@link Context} under
 * {@link #IDENTITY}. Any other call is closed with {@code UNAUTHENTICATED} before the service sees a message,
 * so nothing of it is kept. The gRPC port's handshake accepts clients without a certificate (certificate
 * signing bootstraps with a join token); every other service of the port sits behind this interceptor.
 */
public final class RequireWorkloadIdentity implements ServerInterceptor {

    /** The SPIFFE id the peer proved; set on every call this interceptor admits. */
    public static final Context.Key<SpiffeId> IDENTITY = Context.key("banyan-peer-identity");

    /** Told of every refused call (for metrics). */
    @FunctionalInterface
    public interface RefusalListener {
        void refused(MethodDescriptor<?, ?> method, Status status);
    }

    private final PeerAuthenticator peers;
    private final RefusalListener listener;

    public RequireWorkloadIdentity(PeerAuthenticator peers, RefusalListener listener) {
        this.peers = Objects.requireNonNull(peers, "peers");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        List<X509Certificate> chain = PeerCertificates.chain(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
        SpiffeId identity;
        try {
            if (chain.isEmpty()) {
                throw new PeerAuthenticator.RejectedException("client certificate: missing (expected: a workload "
                        + "certificate of spiffe://" + peers.trustDomain() + "/svc/<service>; only certificate "
                        + "signing accepts a join token)");
            }
            identity = peers.authenticate(chain);
        } catch (PeerAuthenticator.RejectedException e) {
            Status status = Status.UNAUTHENTICATED.withDescription(e.getMessage());
            listener.refused(call.getMethodDescriptor(), status);
            call.close(status, new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        return Contexts.interceptCall(Context.current().withValue(IDENTITY, identity), call, headers, next);
    }
}
