package io.banyan.sidecar.listener;

import io.banyan.dataplane.config.ClusterConfig;
import io.banyan.dataplane.config.ClusterEndpoints;
import io.banyan.dataplane.config.LbPolicy;
import io.banyan.dataplane.config.ListenerConfig;
import io.banyan.dataplane.config.MeshConfig;
import io.banyan.dataplane.config.Route;
import io.banyan.dataplane.config.RouteAction;
import io.banyan.dataplane.config.RouteConfig;
import io.banyan.dataplane.config.RouteMatch;
import io.banyan.dataplane.config.TrafficDirection;
import io.banyan.dataplane.config.UpstreamProtocol;
import io.banyan.dataplane.config.VirtualHost;
import io.banyan.sidecar.testing.DataPlaneExtension;
import io.banyan.sidecar.upstream.Http2TestServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Through the whole data plane: an HTTP/1.1 client, the outbound listener, an HTTP2 cluster, an h2c server. */
class Http2UpstreamIT {

    @RegisterExtension
    static final DataPlaneExtension dataPlanes = new DataPlaneExtension();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Http2TestServer upstream;
    private Http2TestServer refusing;
    private DataPlane dataPlane;
    private int port;

    @AfterEach
    void stop() {
        if (dataPlane != null) {
            dataPlane.close();
        }
        if (upstream != null) {
            upstream.close();
        }
        if (refusing != null) {
            refusing.close();
        }
    }

    private void start() throws Exception {
        upstream = new Http2TestServer(100);
        start(upstream);
    }

    private void start(Http2TestServer... servers) throws Exception {
        VirtualHost all = new VirtualHost("all", List.of("*"), List.of(new Route(RouteMatch.prefix("/"),
                RouteAction.toCluster(MeshConfigs.CLUSTER))));
        ClusterConfig cluster = new ClusterConfig(MeshConfigs.CLUSTER, ClusterConfig.Discovery.STATIC,
                LbPolicy.ROUND_ROBIN, Duration.ofSeconds(2), UpstreamProtocol.HTTP2,
                new ClusterEndpoints(MeshConfigs.CLUSTER, Arrays.stream(servers)
                        .map(server -> MeshConfigs.endpoint(server.port())).toList()));
        dataPlane = DataPlane.builder(dataPlanes.loops(), new SimpleMeterRegistry()).build();
        dataPlane.onConfig(new MeshConfig(
                Map.of("outbound", new ListenerConfig("outbound", "127.0.0.1", 0, TrafficDirection.OUTBOUND, "rc")),
                Map.of("rc", new RouteConfig("rc", List.of(all))),
                Map.of(MeshConfigs.CLUSTER, cluster), Map.of(), Map.of()));
        dataPlane.ready().get(5, TimeUnit.SECONDS);
        port = dataPlane.boundPort("outbound");
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10));
    }

    @Test
    void http1ClientIsAnsweredByAnH2cUpstream() throws Exception {
        start();

        for (int i = 0; i < 5; i++) {
            HttpResponse<String> response = client.send(request("/trailers").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("hello");
            assertThat(response.headers().map().keySet()).noneMatch(name -> name.startsWith("x-http2-"));
        }
        assertThat(upstream.accepted()).isEqualTo(1); // one multiplexed connection carried them all
        assertThat(upstream.streams()).isEqualTo(5);
    }

    @Test
    void completedExchangesEndTheirStreamsWithoutAReset() throws Exception {
        start();

        for (int i = 0; i < 300; i++) {
            HttpResponse<String> response = client.send(request("/").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
        }
        // a reset per stream would trip the peer's rapid-reset limit (CVE-2023-44487) and cost the connection
        assertThat(upstream.resetsReceived()).isZero();
        assertThat(upstream.endedByHeaders()).isEqualTo(300); // a GET is one HEADERS frame, not HEADERS + empty DATA
        assertThat(upstream.accepted()).isEqualTo(1);
    }

    @Test
    void requestBodyReachesTheH2cUpstreamIntact() throws Exception {
        start();
        byte[] body = new byte[512 * 1024];
        new Random(3).nextBytes(body);

        HttpResponse<String> response = client.send(request("/sha256")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)));
    }

    @Test
    void aRefusedStreamIsRetriedOnAnotherEndpoint() throws Exception {
        refusing = new Http2TestServer(100);
        refusing.refuseAll();
        upstream = new Http2TestServer(100);
        start(refusing, upstream);

        for (int i = 0; i < 4; i++) {
            HttpResponse<String> response = client.send(request("/").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("ok");
        }
        assertThat(refusing.streams()).isPositive(); // the refusals happened, and were retried (default policy)
        assertThat(upstream.streams()).isEqualTo(4);
    }
}
