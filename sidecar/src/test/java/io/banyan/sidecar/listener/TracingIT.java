package io.banyan.sidecar.listener;

import io.banyan.dataplane.config.AuthorizationPolicy;
import io.banyan.dataplane.config.ClusterConfig;
import io.banyan.dataplane.config.ClusterEndpoints;
import io.banyan.dataplane.config.Endpoint;
import io.banyan.dataplane.config.LbPolicy;
import io.banyan.dataplane.config.ListenerConfig;
import io.banyan.dataplane.config.MeshConfig;
import io.banyan.dataplane.config.RetryOn;
import io.banyan.dataplane.config.RetryPolicy;
import io.banyan.dataplane.config.Route;
import io.banyan.dataplane.config.RouteAction;
import io.banyan.dataplane.config.RouteConfig;
import io.banyan.dataplane.config.RouteMatch;
import io.banyan.dataplane.config.TrafficDirection;
import io.banyan.dataplane.config.UpstreamProtocol;
import io.banyan.dataplane.config.VirtualHost;
import io.banyan.dataplane.config.WeightedCluster;
import io.banyan.sidecar.listener.OtlpReceiver.ReceivedSpan;
import io.banyan.sidecar.metrics.MetricNames;
import io.banyan.sidecar.testing.DataPlaneExtension;
import io.banyan.sidecar.tls.MeshTls;
import io.banyan.sidecar.tls.TestCa;
import io.banyan.sidecar.trace.OtlpProtocol;
import io.banyan.sidecar.trace.TraceSettings;
import io.banyan.sidecar.trace.TracedProcess;
import io.banyan.sidecar.trace.Tracing;
import io.banyan.testkit.upstream.LoopbackServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.Builder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static io.banyan.sidecar.testing.DataPlaneExtension.withMeshTls;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Traces across the mesh path: a client calls {@code orders} through the {@code web} sidecar's outbound listener,
 * over mutual TLS to the {@code orders} sidecar's inbound listener and its app; both sidecars export to a real OTLP
 * receiver started here, which decodes what arrives. Each hop records a SERVER span and a CLIENT span per attempt,
 * linked parent to child across the two sidecars, under the client's trace (W3C or B3) or a new one; a retry is two
 * attempt spans; an unsampled parent costs no span.
 */
class TracingIT {

    private static final String CLIENT_TRACE = "0af7651916cd43dd8448eb211c80319c";
    private static final String CLIENT_SPAN = "b7ad6b7169203331";

    @RegisterExtension
    static final DataPlaneExtension dataPlanes = new DataPlaneExtension();
    private static TestCa ca;

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final SimpleMeterRegistry webMeters = new SimpleMeterRegistry();
    private OtlpReceiver receiver;
    private FlakyApp app;
    private Tracing webTracing;
    private Tracing ordersTracing;
    private int outboundPort;

    @BeforeAll
    static void certificates() {
        ca = new TestCa();
    }

    @AfterEach
    void close() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    /** The two sidecars with tracing to a fresh receiver over {@code protocol}; web retries a 5xx once. */
    private void mesh(OtlpProtocol protocol) throws Exception {
        receiver = new OtlpReceiver();
        resources.add(receiver);
        app = new FlakyApp();
        resources.add(app);
        URI endpoint = protocol == OtlpProtocol.GRPC ? receiver.grpcEndpoint() : receiver.httpEndpoint();
        ordersTracing = Tracing.start(new TraceSettings(endpoint, protocol, 1.0),
                new TracedProcess("orders", "orders-1", "a", "v1", false), new SimpleMeterRegistry());
        resources.add(ordersTracing);
        webTracing = Tracing.start(new TraceSettings(endpoint, protocol, 1.0),
                new TracedProcess("web", "web-1", "a", "v1", false), webMeters);
        resources.add(webTracing);

        MeshTls ordersTls = DataPlaneExtension.meshTls(ca.identity("orders"), new SimpleMeterRegistry());
        DataPlane orders = dataPlanes.start(new SimpleMeterRegistry(),
                withMeshTls(ordersTls).andThen(builder -> builder.observer(ordersTracing.observer())),
                MeshConfigs.inboundToApp(app.port(), AuthorizationPolicy.ALLOW_ALL));
        int inboundPort = orders.boundPort("inbound");

        MeshTls webTls = DataPlaneExtension.meshTls(ca.identity("web"), new SimpleMeterRegistry());
        DataPlane web = dataPlanes.start(new SimpleMeterRegistry(),
                withMeshTls(webTls).andThen(builder -> builder.observer(webTracing.observer())),
                outboundRetrying(inboundPort));
        outboundPort = web.boundPort("outbound");
    }

    /** web's outbound listener: everything to the mesh endpoint of orders, a 5xx retried once. */
    private static MeshConfig outboundRetrying(int inboundPort) {
        RetryPolicy on5xx = new RetryPolicy(Set.of(RetryOn.FIVE_XX), 1, Duration.ZERO,
                RetryPolicy.DEFAULT_BACKOFF_BASE, RetryPolicy.DEFAULT_BACKOFF_MAX, Set.of(), Set.of(), false);
        VirtualHost all = new VirtualHost("all", List.of("*"), List.of(new Route(RouteMatch.prefix("/"),
                new RouteAction(List.of(new WeightedCluster("orders", 1)), Duration.ofSeconds(10), on5xx, null,
                        null))));
        ClusterConfig orders = new ClusterConfig("orders", ClusterConfig.Discovery.EDS, LbPolicy.ROUND_ROBIN,
                Duration.ofSeconds(1), UpstreamProtocol.HTTP1, null);
        Endpoint endpoint = new Endpoint("127.0.0.1", inboundPort, 1, "a", true, null);
        return new MeshConfig(
                Map.of("outbound", new ListenerConfig("outbound", "127.0.0.1", 0, TrafficDirection.OUTBOUND, "out")),
                Map.of("out", new RouteConfig("out", List.of(all))), Map.of("orders", orders),
                Map.of("orders", new ClusterEndpoints("orders", List.of(endpoint))), Map.of());
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        Builder request = java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + outboundPort + path))
                .timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The spans of {@code traceId} once {@code count} have arrived. */
    private List<ReceivedSpan> awaitTrace(String traceId, int count) {
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.trace(traceId).size() >= count);
        return receiver.trace(traceId);
    }

    private static ReceivedSpan only(List<ReceivedSpan> spans, String service, SpanKind kind) {
        List<ReceivedSpan> found = of(spans, service, kind);
        assertThat(found).as(service + " " + kind).hasSize(1);
        return found.get(0);
    }

    private static List<ReceivedSpan> of(List<ReceivedSpan> spans, String service, SpanKind kind) {
        return spans.stream().filter(span -> span.service().equals(service) && span.kind() == kind).toList();
    }

    @ParameterizedTest
    @EnumSource(OtlpProtocol.class)
    void aCallersTraceContinuesThroughBothSidecarsParentToChild(OtlpProtocol protocol) throws Exception {
        mesh(protocol);
        HttpResponse<String> response = get("/orders/42", "traceparent",
                "00-" + CLIENT_TRACE + "-" + CLIENT_SPAN + "-01", "tracestate", "vendor=x");
        assertThat(response.statusCode()).isEqualTo(200);

        List<ReceivedSpan> trace = awaitTrace(CLIENT_TRACE, 4);
        assertThat(trace).hasSize(4);
        ReceivedSpan webServer = only(trace, "web", SpanKind.SPAN_KIND_SERVER);
        ReceivedSpan webAttempt = only(trace, "web", SpanKind.SPAN_KIND_CLIENT);
        ReceivedSpan ordersServer = only(trace, "orders", SpanKind.SPAN_KIND_SERVER);
        ReceivedSpan ordersAttempt = only(trace, "orders", SpanKind.SPAN_KIND_CLIENT);
        assertThat(webServer.parentSpanId()).isEqualTo(CLIENT_SPAN);
        assertThat(webAttempt.parentSpanId()).isEqualTo(webServer.spanId());
        assertThat(ordersServer.parentSpanId()).isEqualTo(webAttempt.spanId());
        assertThat(ordersAttempt.parentSpanId()).isEqualTo(ordersServer.spanId());

        assertThat(webServer.name()).isEqualTo("GET");
        assertThat(webServer.attributes()).containsEntry("http.request.method", "GET")
                .containsEntry("http.response.status_code", 200L).containsEntry("url.path", "/orders/42")
                .containsEntry("server.address", "127.0.0.1").containsEntry("network.protocol.version", "1.1")
                .containsEntry("banyan.service", "web").containsEntry("banyan.direction", "outbound")
                .containsEntry("banyan.upstream.service", "orders").containsEntry("banyan.attempts", 1L)
                .containsEntry("http.response.body.size", 2L).doesNotContainKey("banyan.error");
        assertThat(webAttempt.attributes()).containsEntry("banyan.attempt", 1L)
                .containsEntry("server.address", "127.0.0.1").containsEntry("http.response.status_code", 200L)
                .containsEntry("banyan.upstream.service", "orders").containsEntry("banyan.endpoint.zone", "a");
        assertThat(ordersServer.attributes()).containsEntry("banyan.caller", "spiffe://mesh.local/svc/web")
                .containsEntry("banyan.direction", "inbound").containsEntry("banyan.service", "orders");

        // the app gets the context of the orders sidecar's attempt, and the caller's tracestate
        HttpHeaders seen = app.seen().get(0);
        assertThat(seen.get("traceparent")).isEqualTo("00-" + CLIENT_TRACE + "-" + ordersAttempt.spanId() + "-01");
        assertThat(seen.get("tracestate")).isEqualTo("vendor=x");
        await().untilAsserted(() -> assertThat(webMeters.get(MetricNames.TRACE_SPANS_EXPORTED).counter().count())
                .isEqualTo(2.0));
    }

    @Test
    void aRequestWithoutContextStartsOneTraceAcrossTheMesh() throws Exception {
        mesh(OtlpProtocol.HTTP_PROTOBUF);
        assertThat(get("/new").statusCode()).isEqualTo(200);

        String traceparent = app.seen().get(0).get("traceparent");
        assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        String traceId = traceparent.substring(3, 35);
        List<ReceivedSpan> trace = awaitTrace(traceId, 4);
        ReceivedSpan webServer = only(trace, "web", SpanKind.SPAN_KIND_SERVER);
        assertThat(webServer.parentSpanId()).isEmpty(); // the root
        assertThat(only(trace, "orders", SpanKind.SPAN_KIND_SERVER).parentSpanId())
                .isEqualTo(only(trace, "web", SpanKind.SPAN_KIND_CLIENT).spanId());
    }

    @Test
    void aRetryIsTwoAttemptSpansEachParentOfTheInboundSpanItReached() throws Exception {
        mesh(OtlpProtocol.HTTP_PROTOBUF);
        HttpResponse<String> response = get("/flaky", "traceparent", "00-" + CLIENT_TRACE + "-" + CLIENT_SPAN + "-01");
        assertThat(response.statusCode()).isEqualTo(200);

        List<ReceivedSpan> trace = awaitTrace(CLIENT_TRACE, 7); // web: 1 + 2 attempts; orders: 2 × (1 + 1)
        List<ReceivedSpan> attempts = of(trace, "web", SpanKind.SPAN_KIND_CLIENT).stream()
                .sorted(java.util.Comparator.comparing(span -> (Long) span.attribute("banyan.attempt"))).toList();
        assertThat(attempts).hasSize(2);
        assertThat(attempts.get(0).attributes()).containsEntry("banyan.attempt", 1L)
                .containsEntry("http.response.status_code", 503L);
        assertThat(attempts.get(1).attributes()).containsEntry("banyan.attempt", 2L)
                .containsEntry("http.request.resend_count", 1L).containsEntry("http.response.status_code", 200L);
        ReceivedSpan webServer = only(trace, "web", SpanKind.SPAN_KIND_SERVER);
        assertThat(attempts).allSatisfy(attempt -> assertThat(attempt.parentSpanId()).isEqualTo(webServer.spanId()));
        assertThat(webServer.attributes()).containsEntry("banyan.attempts", 2L)
                .containsEntry("http.response.status_code", 200L);
        List<ReceivedSpan> ordersServers = of(trace, "orders", SpanKind.SPAN_KIND_SERVER);
        assertThat(ordersServers).extracting(ReceivedSpan::parentSpanId)
                .containsExactlyInAnyOrder(attempts.get(0).spanId(), attempts.get(1).spanId());
        assertThat(ordersServers).extracting(span -> span.attribute("http.response.status_code"))
                .containsExactlyInAnyOrder(503L, 200L);
    }

    @Test
    void anUnsampledParentProducesNoSpanAndItsDecisionTravels() throws Exception {
        mesh(OtlpProtocol.HTTP_PROTOBUF);
        String unsampled = "00-" + CLIENT_TRACE + "-" + CLIENT_SPAN + "-00";
        assertThat(get("/quiet", "traceparent", unsampled).statusCode()).isEqualTo(200);
        assertThat(app.seen().get(0).get("traceparent")).isEqualTo(unsampled);

        // a sampled request after it: once its spans are in, and everything is flushed, none is of the first
        String sampledTrace = "1af7651916cd43dd8448eb211c80319c";
        assertThat(get("/loud", "traceparent", "00-" + sampledTrace + "-" + CLIENT_SPAN + "-01").statusCode())
                .isEqualTo(200);
        awaitTrace(sampledTrace, 4);
        webTracing.close();
        ordersTracing.close();
        assertThat(receiver.trace(CLIENT_TRACE)).isEmpty();
        assertThat(receiver.spans()).hasSize(4);
    }

    @Test
    void aB3CallerContinuesItsTraceAndItsAppGetsB3AndW3c() throws Exception {
        mesh(OtlpProtocol.HTTP_PROTOBUF);
        String b3Trace = "8448eb211c80319c";
        HttpResponse<String> response = get("/b3", "x-b3-traceid", b3Trace, "x-b3-spanid", CLIENT_SPAN,
                "x-b3-sampled", "1");
        assertThat(response.statusCode()).isEqualTo(200);

        String traceId = "0000000000000000" + b3Trace;
        List<ReceivedSpan> trace = awaitTrace(traceId, 4);
        assertThat(only(trace, "web", SpanKind.SPAN_KIND_SERVER).parentSpanId()).isEqualTo(CLIENT_SPAN);
        ReceivedSpan ordersAttempt = only(trace, "orders", SpanKind.SPAN_KIND_CLIENT);
        HttpHeaders seen = app.seen().get(0);
        assertThat(seen.get("traceparent")).isEqualTo("00-" + traceId + "-" + ordersAttempt.spanId() + "-01");
        assertThat(seen.get("x-b3-traceid")).isEqualTo(traceId);
        assertThat(seen.get("x-b3-spanid")).isEqualTo(ordersAttempt.spanId());
        assertThat(seen.get("x-b3-parentspanid")).isEqualTo(ordersAttempt.parentSpanId());
        assertThat(seen.get("x-b3-sampled")).isEqualTo("1");
    }

    /**
     * The orders app: answers {@code ok}, except the first request to {@code /flaky}, which gets a 503; keeps the
     * headers of every request.
     */
    private static final class FlakyApp implements AutoCloseable {
        private final LoopbackServer server;
        private final List<HttpHeaders> seen = new CopyOnWriteArrayList<>();
        private final AtomicInteger flaky = new AtomicInteger();

        FlakyApp() {
            server = LoopbackServer.start(channel -> channel.pipeline().addLast(new HttpServerCodec(),
                    new SimpleChannelInboundHandler<HttpObject>() {
                        private HttpRequest request;

                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
                            if (msg instanceof HttpRequest head) {
                                request = head;
                                seen.add(head.headers().copy());
                            }
                            if (msg instanceof LastHttpContent) {
                                boolean fail = request.uri().startsWith("/flaky") && flaky.getAndIncrement() == 0;
                                DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                                        fail ? HttpResponseStatus.SERVICE_UNAVAILABLE : HttpResponseStatus.OK,
                                        Unpooled.copiedBuffer("ok", StandardCharsets.US_ASCII));
                                HttpUtil.setContentLength(response, 2);
                                ctx.writeAndFlush(response);
                            }
                        }
                    }));
        }

        int port() {
            return server.port();
        }

        List<HttpHeaders> seen() {
            return seen;
        }

        @Override
        public void close() {
            server.close();
        }
    }
}
