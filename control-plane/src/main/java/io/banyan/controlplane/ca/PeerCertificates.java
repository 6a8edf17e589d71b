package io.banyan.controlplane.ca;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts the TLS client certificate chain of the call (leaf first; empty when the peer presented none or the
 * connection is not TLS) into the call's {@link Context} under {@link #CHAIN}.
 */
public final class PeerCertificates implements ServerInterceptor {

    public static final Context.Key<List<X509Certificate>> CHAIN = Context.keyWithDefault("banyan-peer-certificates", List.of());

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        return Contexts.interceptCall(Context.current().withValue(CHAIN, chain(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION))),
                call, headers, next);
    }

    static List<X509Certificate> chain(SSLSession session) {
        if (session == null) {
            return List.of();
        }
        try {
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate certificate : session.getPeerCertificates()) {
                if (certificate instanceof X509Certificate x509) {
                    chain.add(x509);
                }
            }
            return List.copyOf(chain);
        } catch (SSLPeerUnverifiedException e) {
            return List.of();
        }
    }
}
