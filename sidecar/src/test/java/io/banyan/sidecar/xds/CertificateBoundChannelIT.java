package io.banyan.sidecar.xds;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.certs.Pem;
import io.banyan.certs.Usage;
import io.banyan.sidecar.tls.ControlPlaneTrust;
import io.banyan.sidecar.tls.TestCa;
import io.banyan.sidecar.tls.WorkloadIdentity;
import io.banyan.sidecar.tls.WorkloadKeyManager;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ChannelCredentials;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Over real TLS on 127.0.0.1, against a server that, like the control plane, reads the client certificate from the
 * TLS session: a channel whose connection was made before the sidecar had a certificate keeps presenting none, while
 * the {@link CertificateBoundChannel} presents each new certificate after {@code renew()}.
 */
class CertificateBoundChannelIT {

    /** Answers with the serial (hex) of the client certificate of the call's TLS session, or "none". */
    private static final MethodDescriptor<String, String> WHO = MethodDescriptor.<String, String>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName("test.Who/Who")
            .setRequestMarshaller(Utf8.INSTANCE)
            .setResponseMarshaller(Utf8.INSTANCE)
            .build();
    private static final Context.Key<String> PEER = Context.key("peer-serial");

    private final TestCa ca = new TestCa();
    private final WorkloadKeyManager keyManager = new WorkloadKeyManager();
    private Server server;
    private ControlPlaneChannels channels;
    private CertificateBoundChannel bound;

    @BeforeEach
    void start() throws Exception {
        WorkloadIdentity serving = ca.identity(ControlPlaneTrust.CONTROL_PLANE_SERVICE, Usage.BOTH, Duration.ZERO,
                Duration.ofHours(1));
        server = Grpc.newServerBuilderForPort(0, TlsServerCredentials.newBuilder()
                        .keyManager(pem(serving.chain()), new ByteArrayInputStream(
                                Pem.writePrivateKey(serving.privateKey()).getBytes(StandardCharsets.US_ASCII)))
                        .trustManager(pem(ca.bundle()))
                        .clientAuth(TlsServerCredentials.ClientAuth.OPTIONAL)
                        .build())
                .addService(ServerInterceptors.intercept(ServerServiceDefinition.builder("test.Who")
                        .addMethod(WHO, ServerCalls.asyncUnaryCall((request, reply) -> {
                            reply.onNext(PEER.get());
                            reply.onCompleted();
                        }))
                        .build(), new PeerSerial()))
                .build().start();
        ChannelCredentials credentials = TlsChannelCredentials.newBuilder()
                .keyManager(keyManager)
                .trustManager(new ControlPlaneTrust(ControlPlaneTrust.fingerprint(ca.root().root()), TestCa.TRUST_DOMAIN,
                        ca::bundle, Clock.systemUTC()))
                .build();
        channels = new ControlPlaneChannels("127.0.0.1", server.getPort(), credentials);
        bound = new CertificateBoundChannel(channels);
    }

    @AfterEach
    void stop() throws Exception {
        bound.close();
        channels.close();
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private static String who(Channel channel) {
        return ClientCalls.blockingUnaryCall(channel, WHO, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), "");
    }

    private static String serial(WorkloadIdentity identity) {
        return identity.certificate().getSerialNumber().toString(16);
    }

    @Test
    void eachRenewalMovesNewCallsToAConnectionPresentingTheNewCertificate() {
        assertThat(who(channels.channel())).as("bootstrap call, before any certificate").isEqualTo("none");
        assertThat(who(bound)).isEqualTo("none");

        WorkloadIdentity first = ca.identity("web");
        keyManager.onIdentity(first);
        assertThat(who(channels.channel())).as("a connection made before the certificate").isEqualTo("none");
        bound.renew();
        assertThat(who(bound)).isEqualTo(serial(first));

        WorkloadIdentity second = ca.identity("web");
        keyManager.onIdentity(second);
        assertThat(who(bound)).as("until renew(), calls stay on the first certificate's connection")
                .isEqualTo(serial(first));
        bound.renew();
        assertThat(who(bound)).isEqualTo(serial(second));
    }

    /** Puts the serial of the session's client certificate into the call's Context. */
    private static final class PeerSerial implements ServerInterceptor {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                           ServerCallHandler<Q, R> next) {
            SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
            String serial = "none";
            try {
                if (session != null && session.getPeerCertificates().length > 0) {
                    BigInteger number = ((X509Certificate) session.getPeerCertificates()[0]).getSerialNumber();
                    serial = number.toString(16);
                }
            } catch (SSLPeerUnverifiedException e) {
                serial = "none";
            }
            return Contexts.interceptCall(Context.current().withValue(PEER, serial), call, headers, next);
        }
    }

    private static InputStream pem(List<X509Certificate> certificates) {
        return new ByteArrayInputStream(Pem.writeCertificates(certificates).getBytes(StandardCharsets.US_ASCII));
    }

    private enum Utf8 implements MethodDescriptor.Marshaller<String> {
        INSTANCE;

        @Override
        public InputStream stream(String value) {
            return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String parse(InputStream stream) {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
