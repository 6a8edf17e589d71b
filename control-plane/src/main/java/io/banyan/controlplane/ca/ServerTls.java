package io.banyan.controlplane.ca;

import io.grpc.ServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettySslContextServerCredentials;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;

import javax.net.ssl.SSLException;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS of the gRPC port: TLS 1.3 with a TLS 1.2 floor, the (reloadable) serving certificate, and client
 * certificates OPTIONAL (a bootstrapping sidecar has only its join token) but, when presented, checked
 * against the trust bundle. The JDK engine is used so each handshake asks the key manager afresh.
 */
public final class ServerTls {

    public static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private ServerTls() {
    }

    public static ServerCredentials credentials(X509ExtendedKeyManager keyManager, X509ExtendedTrustManager trustManager) {
        try {
            return NettySslContextServerCredentials.create(GrpcSslContexts
                    .configure(SslContextBuilder.forServer(keyManager), SslProvider.JDK)
                    .trustManager(trustManager)
                    .clientAuth(ClientAuth.OPTIONAL)
                    .protocols(PROTOCOLS)
                    .build());
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build the gRPC port's TLS context", e);
        }
    }
}
