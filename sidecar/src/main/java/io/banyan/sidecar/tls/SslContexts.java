package io.banyan.sidecar.tls;

import io.banyan.certs.SpiffeId;
import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;

import javax.net.ssl.SSLException;
import java.io.UncheckedIOException;
import java.io.IOException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Netty SSL contexts of the data plane from one workload identity: TLS 1.3 with 1.2 as floor, OpenSSL (BoringSSL)
 * when available; by ALPN the server offers h2 and http/1.1, a client only its connection's protocol. The server
 * context requires a client certificate of the trust domain; the client context presents ours and accepts only
 * the service it meant to reach.
 */
public final class SslContexts {

    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    /** Inbound: h2 when the client offers it (the server's order wins), else http/1.1. */
    private static final ApplicationProtocolConfig SERVER_ALPN = alpn(ApplicationProtocolNames.HTTP_2,
            ApplicationProtocolNames.HTTP_1_1);
    private static final ApplicationProtocolConfig HTTP1_ALPN = alpn(ApplicationProtocolNames.HTTP_1_1);
    private static final ApplicationProtocolConfig HTTP2_ALPN = alpn(ApplicationProtocolNames.HTTP_2);

    private final SslProvider provider;

    public SslContexts(SslProvider provider) {
        this.provider = provider;
    }

    /** OpenSSL when its native library loads, else the JDK's engine. */
    public static SslProvider defaultProvider() {
        return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
    }

    public SslProvider provider() {
        return provider;
    }

    /** Inbound: requires and verifies a client certificate of the trust domain. */
    public SslContext server(WorkloadIdentity identity) {
        try {
            return SslContextBuilder.forServer(identity.privateKey(), identity.chain())
                    .sslProvider(provider)
                    .protocols(PROTOCOLS)
                    .clientAuth(ClientAuth.REQUIRE)
                    .trustManager(new SpiffeTrustManager(identity.trustBundle(), identity.id().trustDomain(), null))
                    .applicationProtocolConfig(SERVER_ALPN)
                    .build();
        } catch (SSLException e) {
            throw new UncheckedIOException("cannot build the inbound TLS context", e);
        }
    }

    /**
     * An edge gateway toward clients outside the mesh: presents {@code chain}, asks for no client certificate, TLS 1.3
     * and 1.2 with the modern (Mozilla "intermediate") cipher list only, ALPN h2 then http/1.1.
     *
     * @throws IllegalArgumentException if the key does not fit the certificate
     */
    public SslContext edgeServer(PrivateKey key, List<X509Certificate> chain) {
        try {
            return SslContextBuilder.forServer(key, chain)
                    .sslProvider(provider)
                    .protocols(PROTOCOLS)
                    .ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                    .clientAuth(ClientAuth.NONE)
                    .applicationProtocolConfig(SERVER_ALPN)
                    .build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Outbound HTTP/1.1 (and opaque TCP) to {@code service}: {@link #client(WorkloadIdentity, String, boolean)}. */
    public SslContext client(WorkloadIdentity identity, String service) {
        return client(identity, service, false);
    }

    /**
     * Outbound to {@code service}: presents our certificate, accepts only {@code spiffe://<td>/svc/<service>}, and
     * offers by ALPN only {@code h2} when {@code http2}, else only {@code http/1.1}.
     */
    public SslContext client(WorkloadIdentity identity, String service, boolean http2) {
        String expected = new SpiffeId(identity.id().trustDomain(), service).toString();
        try {
            return SslContextBuilder.forClient()
                    .sslProvider(provider)
                    .protocols(PROTOCOLS)
                    .keyManager(identity.privateKey(), identity.chain())
                    .trustManager(new SpiffeTrustManager(identity.trustBundle(), identity.id().trustDomain(), expected))
                    .endpointIdentificationAlgorithm(null)
                    .applicationProtocolConfig(http2 ? HTTP2_ALPN : HTTP1_ALPN)
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the outbound TLS context for " + service, e);
        }
    }

    private static ApplicationProtocolConfig alpn(String... protocols) {
        return new ApplicationProtocolConfig(
                ApplicationProtocolConfig.Protocol.ALPN,
                ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                protocols);
    }
}
