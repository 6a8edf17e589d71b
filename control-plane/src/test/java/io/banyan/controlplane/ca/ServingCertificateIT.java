package io.banyan.controlplane.ca;

import io.banyan.certs.CertificateAuthority;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A renewed serving certificate is what the next connection gets, without restarting the server. */
class ServingCertificateIT {

    @org.junit.jupiter.api.Test
    void newConnectionsGetTheRenewedCertificate() throws Exception {
        CertificateAuthority ca = TestTls.newCa();
        ServingCertificate serving = new ServingCertificate(ca, Duration.ofHours(1), Clock.systemUTC());
        TrustBundle bundle = new TrustBundle(ca.trustDomain(), List.of(ca.root()));
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0),
                ServerTls.credentials(serving.keyManager(), new BundleTrustManager(bundle, Clock.systemUTC()))).build().start();
        try {
            X509Certificate first = serverCertificate(server.getPort(), ca);
            assertThat(first).isEqualTo(serving.current());
            X509Certificate renewed = serving.renew();
            assertThat(serverCertificate(server.getPort(), ca)).isEqualTo(renewed).isNotEqualTo(first);
        } finally {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            serving.close();
        }
    }

    /** Connects (the call itself is UNIMPLEMENTED: no services) and returns the leaf the server presented. */
    private static X509Certificate serverCertificate(int port, CertificateAuthority ca) throws InterruptedException {
        SidecarTrustManager trust = SidecarTrustManager.trusting(ca.trustDomain(), List.of(ca.root()));
        AtomicReference<X509Certificate> seen = new AtomicReference<>();
        X509ExtendedTrustManager capturing = new X509ExtendedTrustManager() {
            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
                trust.checkServerTrusted(chain, authType, engine);
                seen.set(chain[0]);
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
                checkServerTrusted(chain, authType, (SSLEngine) null);
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                checkServerTrusted(chain, authType, (SSLEngine) null);
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
                throw new CertificateException("client side only");
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
                throw new CertificateException("client side only");
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("client side only");
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return trust.getAcceptedIssuers();
            }
        };
        ManagedChannel channel = TestTls.channel(port, TlsChannelCredentials.newBuilder().trustManager(capturing).build());
        try {
            assertThatThrownBy(() -> HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
            return seen.get();
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
