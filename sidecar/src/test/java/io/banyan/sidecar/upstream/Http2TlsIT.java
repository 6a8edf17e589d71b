package io.banyan.sidecar.upstream;

import io.banyan.dataplane.config.Endpoint;
import io.banyan.dataplane.config.PoolSettings;
import io.banyan.dataplane.config.UpstreamProtocol;
import io.banyan.sidecar.metrics.ConnectionCounts;
import io.banyan.sidecar.tls.MeshTls;
import io.banyan.sidecar.tls.SslContexts;
import io.banyan.sidecar.tls.TestCa;
import io.banyan.sidecar.tls.TlsMetrics;
import io.banyan.sidecar.tls.WorkloadIdentity;
import io.banyan.sidecar.upstream.StreamProbe.End;
import io.banyan.sidecar.upstream.StreamProbe.Result;
import io.banyan.testkit.netty.EventLoopGroupExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** HTTP/2 over mutual TLS: the mesh client context offers only h2 by ALPN, and anything else fails the acquire. */
class Http2TlsIT {

    private static final String CLUSTER = "orders";
    @RegisterExtension
    static final EventLoopGroupExtension loops = new EventLoopGroupExtension();
    private static TestCa ca;
    private final SslContexts contexts = new SslContexts(SslContexts.defaultProvider());
    private final List<AutoCloseable> resources = new ArrayList<>();
    private ConnectionPool pool;

    @BeforeAll
    static void start() {
        ca = new TestCa();
    }

    @AfterEach
    void close() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    private Http2TestServer server(SslContext tls) {
        Http2TestServer server = new Http2TestServer(100, tls);
        resources.add(server);
        MeshTls mesh = new MeshTls(contexts, new TlsMetrics(new SimpleMeterRegistry()));
        mesh.onIdentity(ca.identity("web"));
        UpstreamConnector connector = new UpstreamConnector(ChannelTypes.of(NioSocketChannel.class, NioDatagramChannel.class), mesh,
                PoolSettings.DEFAULT);
        resources.add(connector);
        pool = new ConnectionPool(connector);
        return server;
    }

    private CompletableFuture<Result> send(Http2TestServer server, StreamProbe probe) {
        Endpoint endpoint = new Endpoint("127.0.0.1", server.port(), 1, "", true, null);
        ConnectionCounts gauge = new ConnectionCounts();
        loops.loop().execute(() -> pool.acquire(loops.loop(), CLUSTER, endpoint, UpstreamProtocol.GRPC, 5_000, gauge, probe));
        return probe.result();
    }

    @Test
    void h2IsNegotiatedWithTheMeshServerContext() {
        Http2TestServer server = server(contexts.server(ca.identity(CLUSTER)));

        Result result = send(server, new StreamProbe("/trailers")).orTimeout(10, TimeUnit.SECONDS).join();

        assertThat(result.end()).isEqualTo(End.ANSWERED);
        assertThat(result.body()).isEqualTo("hello");
        assertThat(result.trailers().get("grpc-status")).isEqualTo("0");
        SslHandler tls = result.channel().pipeline().get(SslHandler.class);
        assertThat(tls.applicationProtocol()).isEqualTo(ApplicationProtocolNames.HTTP_2);
    }

    @Test
    void aPeerThatOnlySpeaksHttp11FailsTheAcquireClearly() throws Exception {
        WorkloadIdentity orders = ca.identity(CLUSTER);
        SslContext http1Only = SslContextBuilder.forServer(orders.privateKey(), orders.chain())
                .sslProvider(contexts.provider())
                .clientAuth(ClientAuth.OPTIONAL)
                .trustManager(InsecureTrustManagerFactory.INSTANCE)
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        ApplicationProtocolNames.HTTP_1_1))
                .build();
        Http2TestServer server = server(http1Only);

        Result result = send(server, new StreamProbe("/")).orTimeout(10, TimeUnit.SECONDS).join();

        assertThat(result.end()).isEqualTo(End.ACQUIRE_FAILED);
        assertThat(result.failure()).isInstanceOf(AlpnMismatchException.class)
                .hasMessageContaining("127.0.0.1:" + server.port())
                .hasMessageContaining("(expected: h2)");
        assertThat(server.streams()).isZero();
    }
}
