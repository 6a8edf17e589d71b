package io.banyan.sidecar.proxy;

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
import io.banyan.dataplane.config.TunnelSettings;
import io.banyan.dataplane.config.UpstreamProtocol;
import io.banyan.dataplane.config.VirtualHost;
import io.banyan.dataplane.config.WeightedCluster;
import io.banyan.primitives.time.Ticker;
import io.banyan.sidecar.core.ErrorCause;
import io.banyan.sidecar.metrics.MetricNames;
import io.banyan.sidecar.metrics.RequestMetrics;
import io.banyan.sidecar.observe.AttemptRecord;
import io.banyan.sidecar.observe.AnsweredBy;
import io.banyan.sidecar.observe.ExchangeObservation;
import io.banyan.sidecar.observe.ExchangeObserver;
import io.banyan.sidecar.observe.ExchangeRecord;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.banyan.sidecar.proxy.HttpMessages.chunk;
import static io.banyan.sidecar.proxy.HttpMessages.head;
import static io.banyan.sidecar.proxy.HttpMessages.last;
import static io.banyan.sidecar.proxy.HttpMessages.request;
import static io.banyan.sidecar.proxy.HttpMessages.respond;
import static io.banyan.sidecar.proxy.HttpMessages.written;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * One exchange from the downstream channel ({@link EmbeddedChannel}, HTTP objects in and out) to a fake pool
 * ({@link FakeUpstreams}), on a frozen clock: the ticker and the channel's timers move together, only when the test
 * says so.
 */
class ExchangeTest {

    private static final Endpoint A = new Endpoint("10.0.0.1", 8080, 1, "", false, null);
    private static final Endpoint B = new Endpoint("10.0.0.2", 8080, 1, "", false, null);
    private static final RetryPolicy ON_5XX = new RetryPolicy(Set.of(RetryOn.FIVE_XX), 2, Duration.ZERO,
            RetryPolicy.DEFAULT_BACKOFF_BASE, RetryPolicy.DEFAULT_BACKOFF_MAX, Set.of(), Set.of(), false);

    /** An access log line as the exchange reported it. */
    private record Line(String method, String path, int status, long durationNanos, Endpoint endpoint,
                        ErrorCause cause) {
    }

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final FakeUpstreams upstreams = new FakeUpstreams();
    private final long[] now = {0};
    private final Ticker ticker = () -> now[0];
    private final List<Line> accessLog = new ArrayList<>();
    /** What the observer was told, in order, and the records it got. */
    private final List<String> told = new ArrayList<>();
    private final List<ExchangeRecord> records = new ArrayList<>();
    private final AtomicInteger downstreamReads = new AtomicInteger();
    /** The observer throws after each attempt it is told of (started, ended). */
    private boolean observerThrowsOnAttempts;
    /** Watches instead of the recording observer above, when set before {@link #downstream}. */
    private ExchangeObserver observerInstead;
    private EmbeddedChannel downstream;

    @AfterEach
    void noLeaks() {
        assertFalse(downstream.finishAndReleaseAll());
        assertFalse(upstreams.finishAndReleaseAll());
    }

    private EmbeddedChannel downstream(Duration routeTimeout, RetryPolicy retries, Endpoint... endpoints) {
        RouteAction action = new RouteAction(List.of(new WeightedCluster("orders", 1)), routeTimeout, retries, null,
                null);
        VirtualHost orders = new VirtualHost("orders", List.of("*"), List.of(new Route(RouteMatch.prefix("/"), action)));
        ClusterConfig cluster = new ClusterConfig("orders", ClusterConfig.Discovery.STATIC, LbPolicy.ROUND_ROBIN,
                Duration.ofSeconds(1), UpstreamProtocol.HTTP1, new ClusterEndpoints("orders", List.of(endpoints)));
        MeshConfig config = new MeshConfig(Map.of(), Map.of("rc", new RouteConfig("rc", List.of(orders))),
                Map.of("orders", cluster), Map.of(), Map.of());
        RequestMetrics metrics = new RequestMetrics(registry);
        RoutingState state = RoutingState.from(config, RoutingState.EMPTY, metrics);
        ListenerConfig listener = new ListenerConfig("outbound", "127.0.0.1", 15001, TrafficDirection.OUTBOUND, "rc");
        ExchangeObserver log = start -> new ExchangeObservation() {
            @Override
            public void attemptStarted(int number, Endpoint endpoint, HttpHeaders upstreamHeaders) {
                upstreamHeaders.set("x-test-attempt", number + "@" + endpoint.host());
                told.add("start " + number + " " + endpoint.host());
                throwIfAsked();
            }

            @Override
            public void attemptEnded(AttemptRecord attempt) {
                told.add("end " + attempt.number() + " " + attempt.endpoint().host());
                throwIfAsked();
            }

            private void throwIfAsked() {
                if (observerThrowsOnAttempts) {
                    throw new IllegalStateException("observer bug");
                }
            }

            @Override
            public void ended(ExchangeRecord record) {
                told.add("ended");
                records.add(record);
                accessLog.add(new Line(record.method(), record.path(), record.status(), record.durationNanos(),
                        record.endpoint(), record.cause()));
            }
        };
        ProxyContext context = new ProxyContext(listener, () -> state, upstreams, metrics, () -> false,
                TunnelSettings.DEFAULT, ticker, observerInstead != null ? observerInstead : log);
        downstream = new EmbeddedChannel(new ChannelOutboundHandlerAdapter() {
            @Override
            public void read(ChannelHandlerContext ctx) {
                downstreamReads.incrementAndGet();
                ctx.read();
            }
        }, new FrontendHandler(context));
        downstream.config().setAutoRead(false);
        downstream.freezeTime();
        return downstream;
    }

    /** Moves the ticker and the channel's timers together, and runs what came due. */
    private void advance(Duration duration) {
        now[0] += duration.toNanos();
        downstream.advanceTimeBy(duration.toNanos(), TimeUnit.NANOSECONDS);
        downstream.runPendingTasks();
    }

    /** The one error response that went downstream (released: its head and headers stay readable). */
    private FullHttpResponse answer() {
        FullHttpResponse response = downstream.readOutbound();
        assertThat(response).isNotNull();
        assertThat((Object) downstream.readOutbound()).isNull();
        response.release();
        return response;
    }

    private Timer requests(String statusClass) {
        return registry.get(MetricNames.REQUESTS).tag("status_class", statusClass).timer();
    }

    private double retries() {
        return registry.get(MetricNames.RETRIES).counter().count();
    }

    @Test
    void aRequestAndItsResponseStreamBothWaysAndAreCountedAndLoggedOnce() {
        downstream(Duration.ofSeconds(15), RetryPolicy.none(), A);

        downstream.writeInbound(request(HttpMethod.POST, "/orders", 10));
        FakeUpstreams.Connection upstream = upstreams.connect(false);
        downstream.writeInbound(chunk("12345"));
        downstream.writeInbound(last("67890"));

        assertThat(written(upstream.channel)).containsExactly("POST /orders", "chunk:12345", "last:67890");
        now[0] += Duration.ofMillis(7).toNanos();
        upstream.listener().onResponseObject(head(HttpResponseStatus.OK, 4));
        upstream.listener().onResponseObject(chunk("po"));
        upstream.listener().onUpstreamReadComplete();
        assertThat(written(downstream)).containsExactly("200", "chunk:po");
        upstream.listener().onResponseObject(last("ng"));

        assertThat(written(downstream)).containsExactly("last:ng");
        assertThat(upstream.released).isTrue();
        assertThat(upstream.closed).isFalse();
        assertThat(downstream.isOpen()).isTrue();
        assertThat(requests("2xx").count()).isEqualTo(1);
        assertThat(requests("2xx").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(7);
        assertThat(accessLog).containsExactly(
                new Line("POST", "/orders", 200, Duration.ofMillis(7).toNanos(), A, null));
        assertThat(upstreams.pendingCount()).isZero();
    }

    @Test
    void aRetriableResponseIsRetriedOnTheOtherEndpointAfterTheBackoffReplayingTheBody() {
        downstream(Duration.ofSeconds(15), ON_5XX, A, B);

        downstream.writeInbound(request(HttpMethod.PUT, "/orders/1", 5), last("hello"));
        assertThat(upstreams.pendingCount()).isEqualTo(1);
        FakeUpstreams.Connection first = upstreams.connect(false);
        assertThat(written(first.channel)).containsExactly("PUT /orders/1", "last:hello");
        first.listener().onResponseObject(head(HttpResponseStatus.SERVICE_UNAVAILABLE, 0));

        assertThat(first.closed).isTrue();
        assertThat(written(downstream)).isEmpty();
        assertThat(upstreams.pendingCount()).isZero(); // the backoff runs first
        advance(RetryPolicy.DEFAULT_BACKOFF_MAX);
        FakeUpstreams.Acquire retry = upstreams.next();
        assertThat(retry.endpoint()).isEqualTo(B);
        FakeUpstreams.Connection second = upstreams.answer(retry, false);
        assertThat(written(second.channel)).containsExactly("PUT /orders/1", "last:hello");
        respond(second, HttpResponseStatus.OK);

        assertThat(written(downstream)).containsExactly("200", "last:");
        assertThat(retries()).isEqualTo(1);
        assertThat(requests("2xx").count()).isEqualTo(1);
        assertThat(registry.find(MetricNames.REQUESTS).tag("status_class", "5xx").timer()).isNull();
        assertThat(accessLog).extracting(Line::status, Line::endpoint).containsExactly(
                tuple(200, B));
    }

    @Test
    void anObserverThrowingWhenAttemptsStartAndEndBreaksNothing() {
        observerThrowsOnAttempts = true;
        downstream(Duration.ofSeconds(15), ON_5XX, A, B);

        downstream.writeInbound(request(HttpMethod.PUT, "/orders/1", 5), last("hello"));
        FakeUpstreams.Connection first = upstreams.connect(false);
        first.listener().onResponseObject(head(HttpResponseStatus.SERVICE_UNAVAILABLE, 0));
        advance(RetryPolicy.DEFAULT_BACKOFF_MAX);
        FakeUpstreams.Connection second = upstreams.answer(upstreams.next(), false);
        respond(second, HttpResponseStatus.OK);
        written(first.channel);
        written(second.channel);

        assertThat(written(downstream)).containsExactly("200", "last:");
        downstream.checkException();
        assertThat(told).containsExactly("start 1 10.0.0.1", "end 1 10.0.0.1", "start 2 10.0.0.2",
                "end 2 10.0.0.2", "ended");
        assertThat(records.get(0).attempts()).hasSize(2);
        assertThat(second.released).isTrue();
        assertThat(upstreams.pendingCount()).isZero();
    }

    @Test
    void theObserverIsToldEachTryAndGetsOneRecordWithTheTriesBytesAndUpstreamServiceTime() {
        downstream(Duration.ofSeconds(15), ON_5XX, A, B);

        HttpRequest put = request(HttpMethod.PUT, "/orders/1", 5);
        put.headers().set("x-request-id", "req-1");
        downstream.writeInbound(put, last("hello"));
        FakeUpstreams.Connection first = upstreams.connect(false);
        now[0] += Duration.ofMillis(3).toNanos();
        first.listener().onResponseObject(head(HttpResponseStatus.SERVICE_UNAVAILABLE, 0));
        advance(RetryPolicy.DEFAULT_BACKOFF_MAX);
        FakeUpstreams.Connection second = upstreams.answer(upstreams.next(), false);
        now[0] += Duration.ofMillis(4).toNanos();
        second.listener().onResponseObject(head(HttpResponseStatus.OK, 2));
        second.listener().onResponseObject(last("ok"));
        written(first.channel);
        written(second.channel);
        written(downstream);

        assertThat(put.headers().get("x-test-attempt")).isEqualTo("2@10.0.0.2"); // set before each try went up
        assertThat(told).containsExactly("start 1 10.0.0.1", "end 1 10.0.0.1", "start 2 10.0.0.2",
                "end 2 10.0.0.2", "ended");
        ExchangeRecord record = records.get(0);
        assertThat(record.status()).isEqualTo(200);
        assertThat(record.cause()).isNull();
        assertThat(record.requestId()).isEqualTo("req-1");
        assertThat(record.protocol()).isEqualTo("HTTP/1.1");
        assertThat(record.listener()).isEqualTo("outbound");
        assertThat(record.upstreamService()).isEqualTo("orders");
        assertThat(record.bytesReceived()).isEqualTo(5);
        assertThat(record.bytesSent()).isEqualTo(2);
        assertThat(record.upstreamServiceNanos()).isEqualTo(Duration.ofMillis(4).toNanos());
        assertThat(record.attempts()).extracting(AttemptRecord::number, AttemptRecord::endpoint,
                AttemptRecord::status, AttemptRecord::cause).containsExactly(
                tuple(1, A, 503, null), tuple(2, B, 200, null));
        assertThat(record.attempts().get(0).headNanos()).isEqualTo(Duration.ofMillis(3).toNanos());
        assertThat(record.attempts().get(1).offsetNanos())
                .isEqualTo(Duration.ofMillis(3).plus(RetryPolicy.DEFAULT_BACKOFF_MAX).toNanos());
    }

    @Test
    void anObserverOfFailuresAloneIsGivenNoStartNoTryAndNoRecordOfASuccessButAFailuresWholeRecord() {
        ExchangeObservation failures = new ExchangeObservation() {
            @Override
            public boolean watchesAttempts() {
                return false;
            }

            @Override
            public boolean wantsRecord(AnsweredBy by, int status, ErrorCause cause) {
                told.add("asked " + by + " " + status);
                return status >= 500;
            }

            @Override
            public void attemptStarted(int number, Endpoint endpoint, HttpHeaders upstreamHeaders) {
                told.add("start " + number);
            }

            @Override
            public void attemptEnded(AttemptRecord attempt) {
                told.add("end " + attempt.number());
            }

            @Override
            public void ended(ExchangeRecord record) {
                records.add(record);
            }
        };
        observerInstead = ExchangeObserver.ofEvery(failures);
        downstream(Duration.ofSeconds(15), ON_5XX, A, B);

        List<FakeUpstreams.Connection> used = new ArrayList<>();
        downstream.writeInbound(request(HttpMethod.GET, "/orders/1", 0), LastHttpContent.EMPTY_LAST_CONTENT);
        used.add(upstreams.connect(false));
        used.get(0).listener().onResponseObject(head(HttpResponseStatus.SERVICE_UNAVAILABLE, 0));
        advance(RetryPolicy.DEFAULT_BACKOFF_MAX);
        used.add(upstreams.answer(upstreams.next(), false));
        respond(used.get(1), HttpResponseStatus.OK);
        assertThat(written(downstream)).containsExactly("200", "last:");
        assertThat(records).isEmpty();

        downstream.writeInbound(request(HttpMethod.GET, "/orders/2", 0), LastHttpContent.EMPTY_LAST_CONTENT);
        for (int tries = 0; tries < 2; tries++) { // the first try and one retry answer 503, the last retry 502
            FakeUpstreams.Connection retried = upstreams.answer(upstreams.next(), false);
            used.add(retried);
            retried.listener().onResponseObject(head(HttpResponseStatus.SERVICE_UNAVAILABLE, 0));
            advance(RetryPolicy.DEFAULT_BACKOFF_MAX);
        }
        used.add(upstreams.answer(upstreams.next(), false));
        respond(used.get(used.size() - 1), HttpResponseStatus.BAD_GATEWAY);
        used.forEach(connection -> written(connection.channel));

        assertThat(written(downstream)).containsExactly("502", "last:");
        assertThat(told).containsExactly("asked PROXY 200", "asked PROXY 502"); // no try told as it came
        ExchangeRecord failed = records.get(0);
        assertThat(failed.status()).isEqualTo(502);
        assertThat(failed.path()).isEqualTo("/orders/2");
        assertThat(failed.start()).isNotNull();
        assertThat(failed.attempts()).extracting(AttemptRecord::number, AttemptRecord::status)
                .containsExactly(tuple(1, 503), tuple(2, 503), tuple(3, 502));
        assertThat(records).hasSize(1);
    }

    @Test
    void aStalePooledConnectionIsResentOnceOnAFreshOneOutsideTheRetryPolicy() {
        downstream(Duration.ofSeconds(15), RetryPolicy.none(), A);

        downstream.writeInbound(request(HttpMethod.GET, "/orders", 0), LastHttpContent.EMPTY_LAST_CONTENT);
        FakeUpstreams.Connection stale = upstreams.connect(true);
        assertThat(written(stale.channel)).containsExactly("GET /orders", "last:");
        stale.listener().onUpstreamClosed();

        FakeUpstreams.Acquire resend = upstreams.next();
        assertThat(resend.endpoint()).isEqualTo(A);
        FakeUpstreams.Connection fresh = upstreams.answer(resend, false);
        assertThat(written(fresh.channel)).containsExactly("GET /orders", "last:");
        respond(fresh, HttpResponseStatus.OK);

        assertThat(written(downstream)).containsExactly("200", "last:");
        assertThat(retries()).isEqualTo(1);
        assertThat(accessLog).extracting(Line::status).containsExactly(200);
    }

    @Test
    void aSecondStaleConnectionIsNotResentButAnswered503Reset() {
        downstream(Duration.ofSeconds(15), RetryPolicy.none(), A);

        downstream.writeInbound(request(HttpMethod.GET, "/orders", 0), LastHttpContent.EMPTY_LAST_CONTENT);
        FakeUpstreams.Connection stale = upstreams.connect(true);
        stale.listener().onUpstreamClosed();
        FakeUpstreams.Connection againStale = upstreams.connect(true);
        againStale.listener().onUpstreamClosed();
        assertThat(written(stale.channel)).containsExactly("GET /orders", "last:");
        assertThat(written(againStale.channel)).containsExactly("GET /orders", "last:");

        FullHttpResponse response = answer();
        assertThat(response.status()).isEqualTo(HttpResponseStatus.BAD_GATEWAY);
        assertThat(response.headers().get(ErrorCause.HEADER)).isEqualTo("upstream_reset");
        assertThat(accessLog).extracting(Line::cause).containsExactly(ErrorCause.UPSTREAM_RESET);
        assertThat(upstreams.pendingCount()).isZero();
    }

    @Test
    void downstreamReadsStopWhileTheUpstreamIsFullAndUpstreamReadsWhileTheDownstreamIs() {
        downstream(Duration.ofSeconds(15), RetryPolicy.none(), A);
        downstream.writeInbound(request(HttpMethod.POST, "/upload", 9));
        FakeUpstreams.Connection upstream = upstreams.connect(false);
        int readsWhileConnected = downstreamReads.get();

        upstream.writable(false);
        downstream.writeInbound(chunk("abc"));
        assertThat(downstreamReads.get()).isEqualTo(readsWhileConnected); // no next chunk while the upstream is full
        upstream.writable(true);
        upstream.listener().onUpstreamWritable();
        assertThat(downstreamReads.get()).isEqualTo(readsWhileConnected + 1);
        downstream.writeInbound(chunk("def"));
        assertThat(downstreamReads.get()).isEqualTo(readsWhileConnected + 2);
        downstream.writeInbound(last("ghi"));
        assertThat(written(upstream.channel)).containsExactly("POST /upload", "chunk:abc", "chunk:def", "last:ghi");

        upstream.listener().onResponseObject(head(HttpResponseStatus.OK, 6));
        int upstreamReads = upstream.reads.get();
        downstream.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        upstream.listener().onResponseObject(chunk("xyz"));
        upstream.listener().onUpstreamReadComplete();
        assertThat(upstream.reads.get()).isEqualTo(upstreamReads); // no more response while the downstream is full
        downstream.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
        downstream.runPendingTasks(); // the writability change is told on the event loop
        assertThat(upstream.reads.get()).isEqualTo(upstreamReads + 1);
        upstream.listener().onResponseObject(last("uvw"));

        assertThat(written(downstream)).containsExactly("200", "chunk:xyz", "last:uvw");
        assertThat(accessLog).extracting(Line::status).containsExactly(200);
    }

    @Test
    void theRouteTimeoutRunsOnTheInjectedClockAndAnswers504() {
        downstream(Duration.ofSeconds(2), RetryPolicy.none(), A);
        downstream.writeInbound(request(HttpMethod.GET, "/slow", 0), LastHttpContent.EMPTY_LAST_CONTENT);
        FakeUpstreams.Connection upstream = upstreams.connect(false);
        assertThat(written(upstream.channel)).containsExactly("GET /slow", "last:");

        advance(Duration.ofMillis(1999));
        assertThat(downstream.outboundMessages()).isEmpty();
        advance(Duration.ofMillis(1));

        FullHttpResponse response = answer();
        assertThat(response.status()).isEqualTo(HttpResponseStatus.GATEWAY_TIMEOUT);
        assertThat(response.headers().get(ErrorCause.HEADER)).isEqualTo("upstream_timeout");
        assertThat(upstream.closed).isTrue();
        assertThat(requests("5xx").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(2000);
        assertThat(accessLog).extracting(Line::status, Line::cause).containsExactly(
                tuple(504, ErrorCause.UPSTREAM_TIMEOUT));
    }

    @Test
    void theRemainingDeadlineTravelsUpWithTheRequest() {
        downstream(Duration.ofSeconds(2), RetryPolicy.none(), A);
        downstream.writeInbound(request(HttpMethod.GET, "/x", 0), LastHttpContent.EMPTY_LAST_CONTENT);
        now[0] += Duration.ofMillis(500).toNanos();
        FakeUpstreams.Connection upstream = upstreams.connect(false);

        HttpRequest sent = upstream.channel.readOutbound();
        assertThat(sent.headers().get("x-banyan-deadline-ms")).isEqualTo("1500");
        assertThat(written(upstream.channel)).containsExactly("last:");
        respond(upstream, HttpResponseStatus.NO_CONTENT);
        assertThat(written(downstream)).containsExactly("204", "last:");
    }

    @Test
    void aFailedConnectOnEveryEndpointEnds503ConnectFailureAfterTheRetries() {
        downstream(Duration.ofSeconds(15), RetryPolicy.istioDefault(), A, B);
        downstream.writeInbound(request(HttpMethod.GET, "/x", 0), LastHttpContent.EMPTY_LAST_CONTENT);

        upstreams.next().callback().onAcquireFailed(new ConnectException("refused"));
        advance(RetryPolicy.DEFAULT_BACKOFF_MAX);
        upstreams.next().callback().onAcquireFailed(new ConnectException("refused"));
        advance(RetryPolicy.DEFAULT_BACKOFF_MAX.multipliedBy(2));
        upstreams.next().callback().onAcquireFailed(new ConnectException("refused"));

        FullHttpResponse response = answer();
        assertThat(response.status()).isEqualTo(HttpResponseStatus.SERVICE_UNAVAILABLE);
        assertThat(response.headers().get(ErrorCause.HEADER)).isEqualTo("connect_failure");
        assertThat(retries()).isEqualTo(2);
        assertThat(records).singleElement().satisfies(record -> {
            assertThat(record.cause()).isEqualTo(ErrorCause.CONNECT_FAILURE);
            assertThat(record.upstreamServiceNanos()).isEqualTo(-1);
            assertThat(record.attempts()).extracting(AttemptRecord::cause).containsOnly(ErrorCause.CONNECT_FAILURE)
                    .hasSize(3);
        });
        assertThat(upstreams.pendingCount()).isZero();
    }
}
