package io.banyan.sidecar.tls;

import io.banyan.api.ca.CertificateMethods;
import io.banyan.api.ca.SignResponse;
import io.banyan.certs.Csr;
import io.banyan.certs.EcKeys;
import io.banyan.certs.Pem;
import io.banyan.certs.SpiffeId;
import io.banyan.certs.Usage;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in control plane on 127.0.0.1 port 0: gRPC over TLS with the certificate
 * {@code spiffe://mesh.local/svc/banyan-control-plane} (chain up to the root), client certificates optional,
 * serving SIGN with the test CA. Records each call's bearer token and TLS client identity.
 */
final class TestCaServer implements AutoCloseable {

    record SignCall(String authorization, Optional<String> clientIdentity) {
    }

    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final TestCa ca;
    private final Server server;
    private final List<SignCall> calls = new CopyOnWriteArrayList<>();

    TestCaServer(TestCa ca) {
        this.ca = ca;
        KeyPair keys = EcKeys.generate();
        X509Certificate leaf = ca.intermediate().issue(keys.getPublic(),
                new SpiffeId(TestCa.TRUST_DOMAIN, ControlPlaneTrust.CONTROL_PLANE_SERVICE), Duration.ofHours(1), Usage.SERVER);
        List<X509Certificate> chain = new ArrayList<>(ca.intermediate().presentedChain(leaf));
        chain.add(ca.root().root());
        try {
            TlsServerCredentials credentials = (TlsServerCredentials) TlsServerCredentials.newBuilder()
                    .keyManager(stream(Pem.writeCertificates(chain)), stream(Pem.writePrivateKey(keys.getPrivate())))
                    .trustManager(stream(Pem.writeCertificate(ca.root().root())))
                    .clientAuth(TlsServerCredentials.ClientAuth.OPTIONAL)
                    .build();
            ServerServiceDefinition service = ServerServiceDefinition.builder(CertificateMethods.SERVICE_NAME)
                    .addMethod(CertificateMethods.SIGN, ServerCalls.asyncUnaryCall((request, observer) -> {
                        byte[] csr = Pem.readCsr(request.csrPem());
                        SpiffeId id = Csr.parse(csr).requestedId().orElseThrow();
                        X509Certificate issued = ca.intermediate().issue(csr, id, Duration.ofHours(1), Usage.BOTH);
                        observer.onNext(new SignResponse(Pem.writeCertificates(ca.intermediate().presentedChain(issued)),
                                Pem.writeCertificates(ca.bundle()), issued.getNotAfter().toInstant().toString()));
                        observer.onCompleted();
                    }))
                    .build();
            this.server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0), credentials)
                    .addService(ServerInterceptors.intercept(service, new Recorder()))
                    .build()
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return server.getPort();
    }

    List<SignCall> calls() {
        return List.copyOf(calls);
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private static ByteArrayInputStream stream(String pem) {
        return new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII));
    }

    private final class Recorder implements ServerInterceptor {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                           ServerCallHandler<Q, R> next) {
            SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
            Optional<String> client = Optional.empty();
            try {
                if (session != null) {
                    client = SpiffeIds.workloadId((X509Certificate) session.getPeerCertificates()[0]);
                }
            } catch (SSLPeerUnverifiedException e) {
                client = Optional.empty();
            }
            calls.add(new SignCall(headers.get(AUTHORIZATION), client));
            return next.startCall(call, headers);
        }
    }
}
