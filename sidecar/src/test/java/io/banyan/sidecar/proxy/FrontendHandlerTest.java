package io.banyan.sidecar.proxy;

import io.banyan.dataplane.config.Http1Limits;
import io.banyan.dataplane.config.ListenerConfig;
import io.banyan.dataplane.config.MeshConfig;
import io.banyan.dataplane.config.PoolSettings;
import io.banyan.dataplane.config.Route;
import io.banyan.dataplane.config.RouteAction;
import io.banyan.dataplane.config.RouteConfig;
import io.banyan.dataplane.config.RouteMatch;
import io.banyan.dataplane.config.TrafficDirection;
import io.banyan.dataplane.config.VirtualHost;
import io.banyan.sidecar.http1.Http1Guards;
import io.banyan.sidecar.http1.Http1Meters;
import io.banyan.sidecar.metrics.MetricNames;
import io.banyan.sidecar.metrics.RequestMetrics;
import io.banyan.sidecar.tls.UpstreamTls;
import io.banyan.sidecar.upstream.ChannelTypes;
import io.banyan.sidecar.upstream.ConnectionPool;
import io.banyan.sidecar.upstream.UpstreamConnector;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

class FrontendHandlerTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final UpstreamConnector connector = new UpstreamConnector(ChannelTypes.of(NioSocketChannel.class, NioDatagramChannel.class),
            UpstreamTls.plaintext(), PoolSettings.DEFAULT);

    @AfterEach
    void closeConnector() {
        connector.close();
    }

    private EmbeddedChannel channel(MeshConfig config) {
        RequestMetrics metrics = new RequestMetrics(registry);
        RoutingState state = RoutingState.from(config, RoutingState.EMPTY, metrics);
        ListenerConfig listener = new ListenerConfig("outbound", "127.0.0.1", 15001, TrafficDirection.OUTBOUND, "rc");
        ProxyContext context = new ProxyContext(listener, () -> state, new ConnectionPool(connector), metrics, () -> false);
        EmbeddedChannel channel = new EmbeddedChannel(new HttpServerCodec(), new FrontendHandler(context));
        channel.config().setAutoRead(false);
        return channel;
    }

    private static String response(EmbeddedChannel channel) {
        StringBuilder text = new StringBuilder();
        ByteBuf buf;
        while ((buf = channel.readOutbound()) != null) {
            text.append(buf.toString(StandardCharsets.US_ASCII));
            buf.release();
        }
        return text.toString();
    }

    @Test
    void unknownHostGets404NoRouteAndTheConnectionStaysOpen() {
        VirtualHost orders = new VirtualHost("orders", List.of("orders"),
                List.of(new Route(RouteMatch.prefix("/"), RouteAction.toCluster("orders"))));
        MeshConfig config = new MeshConfig(Map.of(), Map.of("rc", new RouteConfig("rc", List.of(orders))),
                Map.of(), Map.of(), Map.of());
        EmbeddedChannel channel = channel(config);

        channel.writeInbound(Unpooled.copiedBuffer("GET /x HTTP/1.1\r\nHost: payments\r\n\r\n", StandardCharsets.US_ASCII));

        String response = response(channel);
        assertThat(response).startsWith("HTTP/1.1 404 Not Found\r\n")
                .contains("x-banyan-error: no_route\r\n", "content-length: 9\r\n")
                .endsWith("\r\n\r\nno_route\n");
        assertThat(channel.isOpen()).isTrue();
        assertThat(registry.get(MetricNames.MESH_ERRORS).tag("cause", "no_route").counter().count()).isEqualTo(1);
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void routeToAMissingClusterGets503NoClusterAndABodyInFlightClosesTheConnection() {
        VirtualHost any = new VirtualHost("any", List.of("*"),
                List.of(new Route(RouteMatch.prefix("/"), RouteAction.toCluster("ghost"))));
        MeshConfig config = new MeshConfig(Map.of(), Map.of("rc", new RouteConfig("rc", List.of(any))),
                Map.of(), Map.of(), Map.of());
        EmbeddedChannel channel = channel(config);

        channel.writeInbound(Unpooled.copiedBuffer("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n12345",
                StandardCharsets.US_ASCII));

        String response = response(channel);
        assertThat(response).startsWith("HTTP/1.1 503 Service Unavailable\r\n")
                .contains("x-banyan-error: no_cluster\r\n", "connection: close\r\n")
                .endsWith("no_cluster\n");
        assertThat(channel.isOpen()).isFalse();
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void malformedRequestIsAnswered400ByTheGuardsAndNeverReachesAnExchange() {
        EmbeddedChannel channel = guardedChannel(MeshConfig.EMPTY);

        channel.writeInbound(Unpooled.copiedBuffer("GET / HTTP/1.1\r\nBad Header Without Colon\r\n\r\n",
                StandardCharsets.US_ASCII));

        assertThat(response(channel)).startsWith("HTTP/1.1 400 Bad Request\r\n").contains("x-banyan-error: bad_request");
        assertThat(channel.isOpen()).isFalse();
        assertThat(registry.get(MetricNames.PROTOCOL_ERRORS).tag("reason", "malformed").counter().count()).isEqualTo(1);
        assertThat(registry.find(MetricNames.MESH_ERRORS).counters()).allMatch(counter -> counter.count() == 0);
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void undecodableRequestWithoutGuardsClosesTheConnectionUnanswered() {
        EmbeddedChannel channel = channel(MeshConfig.EMPTY);

        channel.writeInbound(Unpooled.copiedBuffer("GET / HTTP/1.1\r\nBad Header Without Colon\r\n\r\n",
                StandardCharsets.US_ASCII));

        assertThat(response(channel)).isEmpty();
        assertThat(channel.isOpen()).isFalse();
        assertFalse(channel.finishAndReleaseAll());
    }

    private EmbeddedChannel guardedChannel(MeshConfig config) {
        RequestMetrics metrics = new RequestMetrics(registry);
        RoutingState state = RoutingState.from(config, RoutingState.EMPTY, metrics);
        ListenerConfig listener = new ListenerConfig("outbound", "127.0.0.1", 15001, TrafficDirection.OUTBOUND, "rc");
        ProxyContext context = new ProxyContext(listener, () -> state, new ConnectionPool(connector), metrics, () -> false);
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setAutoRead(false);
        new Http1Guards(Http1Limits.DEFAULT, new Http1Meters(registry, "outbound")).addLast(channel.pipeline(), "codec");
        channel.pipeline().addLast(new FrontendHandler(context));
        return channel;
    }
}
