package io.banyan.sidecar.xds.lrs;

import io.banyan.certs.Pem;
import io.banyan.certs.Usage;
import io.banyan.sidecar.tls.ControlPlaneTrust;
import io.banyan.sidecar.tls.TestCa;
import io.banyan.sidecar.tls.WorkloadIdentity;
import io.envoyproxy.envoy.service.load_stats.v3.LoadReportingServiceGrpc;
import io.envoyproxy.envoy.service.load_stats.v3.LoadStatsRequest;
import io.envoyproxy.envoy.service.load_stats.v3.LoadStatsResponse;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A Load Reporting Service on 127.0.0.1 port 0 (grpc-netty) speaking mutual TLS as the control plane's port does (its
 * certificate {@code spiffe://<td>/svc/banyan-control-plane} from the test CA, a client certificate of that CA
 * required): it records every LoadStatsRequest of every stream, and tells the open streams which clusters to report
 * and how often ({@link #ask}).
 */
final class TestLrsServer implements AutoCloseable {

    private final List<LoadStatsRequest> requests = new CopyOnWriteArrayList<>();
    private final List<StreamObserver<LoadStatsResponse>> streams = new CopyOnWriteArrayList<>();
    private final Server server;

    TestLrsServer(TestCa ca) {
        WorkloadIdentity serving = ca.identity(ControlPlaneTrust.CONTROL_PLANE_SERVICE, Usage.BOTH, Duration.ZERO,
                Duration.ofHours(1));
        try {
            ServerCredentials tls = TlsServerCredentials.newBuilder()
                    .keyManager(pem(Pem.writeCertificates(serving.chain())), pem(Pem.writePrivateKey(serving.privateKey())))
                    .trustManager(pem(Pem.writeCertificates(ca.bundle())))
                    .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
                    .build();
            server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0), tls)
                    .addService(new Service())
                    .build()
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream pem(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
    }

    int port() {
        return server.getPort();
    }

    /** Every request received so far, in order, on every stream. */
    List<LoadStatsRequest> requests() {
        return requests;
    }

    /** Streams open now (their first request arrived, they have not ended). */
    int openStreams() {
        return streams.size();
    }

    /** Asks every open stream for {@code clusters} every {@code interval}. */
    void ask(Duration interval, String... clusters) {
        send(response(interval).addAllClusters(List.of(clusters)).build());
    }

    /** Asks every open stream for all its clusters ({@code send_all_clusters}) every {@code interval}. */
    void askAll(Duration interval) {
        send(response(interval).setSendAllClusters(true).build());
    }

    private static LoadStatsResponse.Builder response(Duration interval) {
        return LoadStatsResponse.newBuilder().setLoadReportingInterval(com.google.protobuf.Duration.newBuilder()
                .setSeconds(interval.getSeconds()).setNanos(interval.getNano()));
    }

    /** Ends every open stream (OK), as a control plane going away gracefully does. */
    void endStreams() {
        for (StreamObserver<LoadStatsResponse> stream : streams) {
            streams.remove(stream);
            synchronized (stream) {
                stream.onCompleted();
            }
        }
    }

    private void send(LoadStatsResponse response) {
        for (StreamObserver<LoadStatsResponse> stream : streams) {
            synchronized (stream) {
                stream.onNext(response);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
    }

    private final class Service extends LoadReportingServiceGrpc.LoadReportingServiceImplBase {
        @Override
        public StreamObserver<LoadStatsRequest> streamLoadStats(StreamObserver<LoadStatsResponse> responses) {
            return new StreamObserver<>() {
                @Override
                public void onNext(LoadStatsRequest request) {
                    requests.add(request);
                    if (request.hasNode()) {
                        streams.add(responses); // the first request: the stream is open
                    }
                }

                @Override
                public void onError(Throwable error) {
                    streams.remove(responses);
                }

                @Override
                public void onCompleted() {
                    if (streams.remove(responses)) {
                        synchronized (responses) {
                            responses.onCompleted();
                        }
                    }
                }
            };
        }
    }
}
