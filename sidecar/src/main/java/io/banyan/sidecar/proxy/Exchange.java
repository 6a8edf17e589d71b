package io.banyan.sidecar.proxy;

import io.banyan.sidecar.cluster.ClusterState;
import io.banyan.sidecar.codec.ErrorResponses;
import io.banyan.sidecar.config.Endpoint;
import io.banyan.sidecar.config.Route;
import io.banyan.sidecar.config.RouteAction;
import io.banyan.sidecar.core.ErrorCause;
import io.banyan.sidecar.loadbalance.HashPolicy;
import io.banyan.sidecar.metrics.ServiceMeters;
import io.banyan.sidecar.proxy.upgrade.WebSocketUpgrade;
import io.banyan.sidecar.resilience.AttemptOutcome;
import io.banyan.sidecar.resilience.ClusterThresholds;
import io.banyan.sidecar.resilience.Deadline;
import io.banyan.sidecar.resilience.LocalRateLimiter;
import io.banyan.sidecar.resilience.ReplayBuffer;
import io.banyan.sidecar.resilience.RetryDecision;
import io.banyan.sidecar.resilience.Ticker;
import io.banyan.sidecar.route.Router;
import io.banyan.sidecar.upstream.AcquireCallback;
import io.banyan.sidecar.upstream.PoolExhaustedException;
import io.banyan.sidecar.upstream.UpstreamConnection;
import io.banyan.sidecar.upstream.UpstreamListener;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.ReferenceCountUtil;

import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One request's life, on its downstream channel's event loop: route, admit (rate limit, thresholds), pick,
 * acquire, then stream the request up and the response down, reading the next chunk only while the other
 * side is writable. A failed attempt (no connection, reset, per-try timeout, or a retriable response head,
 * judged before anything goes downstream) is retried, on another endpoint when there is one, as
 * {@link RetryControl} allows, after a backoff on the event loop, replaying the body kept by {@link RequestReplay}.
 * Ends exactly once: answered, failed with an {@link ErrorCause}, or aborted by a closed connection.
 */
final class Exchange implements AcquireCallback, UpstreamListener, Runnable {

    private static final Ticker TICKER = Ticker.system();
    private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
            HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.TRACE);

    private final FrontendHandler frontend;
    private final Channel downstream;
    private final ProxyContext context;
    private final HttpRequest request;
    private final long startNanos = System.nanoTime();
    private final boolean clientKeepAlive;
    private final boolean bodyless;
    private final boolean upgrade;
    private boolean switching;
    private final boolean grpc;
    private String authority;
    private ClusterState cluster;
    private ServiceMeters meters;
    private AttemptLedger attempts;
    private RetryControl retries;
    private RequestBody body;
    private HashPolicy hash;
    private Deadline deadline;
    private boolean admitted;
    private int attemptCount;
    private ErrorCause lastFailure;
    private UpstreamConnection upstream;
    private ScheduledFuture<?> perTryTimeout;
    private ScheduledFuture<?> backoff;
    private boolean requestComplete;
    private boolean responseStarted;
    private boolean informational;
    private boolean upstreamReusable;
    private boolean downstreamKeepAlive;
    private boolean finished;
    private boolean staleRetry;
    private boolean tlsFailed;
    private int status;

    Exchange(FrontendHandler frontend, Channel downstream, ProxyContext context, HttpRequest request) {
        this.frontend = frontend;
        this.downstream = downstream;
        this.context = context;
        this.request = request;
        this.upgrade = WebSocketUpgrade.isRequested(request);
        this.clientKeepAlive = HttpUtil.isKeepAlive(request) && !upgrade; // unless 101: what follows is not HTTP
        this.bodyless = !HttpUtil.isTransferEncodingChunked(request) && HttpUtil.getContentLength(request, 0L) == 0;
        this.grpc = GrpcStatus.isGrpc(request.headers());
    }

    void start() {
        authority = request.headers().get(HttpHeaderNames.HOST);
        RoutingState state = context.state();
        if (!AuthorizeCaller.allowed(state.authorization(context.listener().name()), downstream)) {
            fail(ErrorCause.UNAUTHORIZED); // before routing and before any header reaches the app
            return;
        }
        Router router = state.router(context.listener().routeConfigName());
        Route route = router == null ? null : router.route(authority, request.uri());
        if (route == null) {
            fail(ErrorCause.NO_ROUTE);
            return;
        }
        RouteAction action = route.action();
        String clusterName = router.pickCluster(action);
        cluster = state.clusters().get(clusterName);
        meters = cluster == null ? context.meters(clusterName) : cluster.meters();
        LocalRateLimiter limiter = state.rateLimiter(action);
        if (limiter != null && !limiter.tryAcquire()) {
            fail(ErrorCause.RATE_LIMITED);
            return;
        }
        if (cluster == null) {
            fail(ErrorCause.NO_CLUSTER);
            return;
        }
        if (!cluster.thresholds().tryAcquire(ClusterThresholds.Resource.REQUESTS)) {
            fail(ErrorCause.OVERFLOW);
            return;
        }
        admitted = true;
        deadline = Deadline.after(action.timeout(), TICKER).withIncoming(request.headers().get(Deadline.HEADER),
                request.headers().get(Deadline.GRPC_TIMEOUT));
        if (deadline.isBounded()) {
            frontend.deadlines().arm(this, deadline.remainingNanos());
        }
        attempts = new AttemptLedger(cluster);
        retries = new RetryControl(action.retryPolicy(), cluster.retryGate(), request);
        body = new RequestBody(retries.enabled() ? ReplayBuffer.DEFAULT_LIMIT_BYTES : -1);
        hash = state.hashPolicy(action);
        if (upgrade && !WebSocketUpgrade.isAcceptable(request)) {
            fail(ErrorCause.BAD_REQUEST); // as Envoy: an upgrade is a GET without a body
            return;
        }
        if (upgrade) {
            HopByHopHeaders.stripKeepingUpgrade(request.headers());
        } else {
            HopByHopHeaders.strip(request.headers());
        }
        MeshHeaders.prepare(request.headers(), context.direction(), downstream);
        connect();
    }

    boolean requestComplete() {
        return requestComplete;
    }

    void onRequestContent(HttpContent content) {
        if (content instanceof LastHttpContent) {
            requestComplete = true;
            if (upgrade && !finished) {
                context.upgrades().holdDownstream(downstream); // what follows is the new protocol's
            }
        }
        if (finished || body == null) {
            content.release();
            return;
        }
        body.accept(content, upstream == null ? null : upstream.channel());
    }

    void onDownstreamReadComplete() {
        if (upstream != null && !finished) {
            Channel channel = upstream.channel();
            channel.flush();
            if (!requestComplete && channel.isWritable()) {
                downstream.read();
            }
        }
    }

    void onDownstreamWritable() {
        if (upstream != null && !finished) {
            upstream.channel().read();
        }
    }

    void onDownstreamClosed() {
        if (!finished) {
            end(0, null);
            closeUpstream();
        }
    }

    /** The downstream sent garbage mid-request: drop both connections. */
    void abort() {
        if (!finished) {
            end(responseStarted ? status : 0, ErrorCause.BAD_REQUEST);
            closeUpstream();
        }
        downstream.close();
        frontend.exchangeDone(this, false);
    }

    /** Starts an attempt on an endpoint not tried yet, else (a retry) on one tried already; also the backoff task. */
    private void connect() {
        backoff = null;
        if (finished) {
            return;
        }
        Endpoint next = attempts.start(hash, requestView());
        if (next == null) {
            fail(attemptCount > 0 ? lastFailure
                    : attempts.skippedOpen() ? ErrorCause.CIRCUIT_OPEN : ErrorCause.NO_HEALTHY_UPSTREAM);
            return;
        }
        attemptCount++;
        context.pool().acquire(downstream.eventLoop(), cluster.config(), cluster.thresholds(), next,
                meters.upstreamConnections(), this);
    }

    private HttpRequestView requestView() {
        return hash == null ? null : new HttpRequestView(request, downstream);
    }

    @Override
    public void onAcquired(UpstreamConnection connection) {
        if (finished) {
            connection.release();
            return;
        }
        upstream = connection;
        connection.attach(this);
        Channel channel = connection.channel();
        upstreamReusable = HttpUtil.isKeepAlive(request);
        String remaining = deadline.toHeaderValue();
        if (remaining != null) {
            request.headers().set(Deadline.HEADER, remaining);
            if (grpc) {
                request.headers().set(Deadline.GRPC_TIMEOUT, deadline.toGrpcTimeout());
            }
        }
        channel.write(request, channel.voidPromise());
        body.writeTo(channel, staleRetry);
        if (requestComplete || !bodyless) {
            channel.flush();
        } // else the empty end of a bodyless request is in this same read: the read's end flushes head and end
        // together (one HEADERS frame that ends an HTTP/2 stream; one write on HTTP/1.1)
        long perTry = retries.policy().perTryTimeout().toNanos();
        if (perTry > 0 && perTryTimeout == null) {
            perTryTimeout = downstream.eventLoop().schedule(this::onPerTryTimeout,
                    deadline.attemptTimeoutNanos(retries.policy().perTryTimeout()), TimeUnit.NANOSECONDS);
        }
        channel.read();
        if (!requestComplete && channel.isWritable()) {
            downstream.read();
        }
    }

    @Override
    public void onAcquireFailed(Throwable cause) {
        if (finished) {
            return;
        }
        if (cause instanceof PoolExhaustedException) {
            attempts.abandon();
            fail(ErrorCause.OVERFLOW);
            return;
        }
        tlsFailed = UpstreamTlsFailure.is(cause);
        if (!tlsFailed) {
            attempts.connectFailed();
        }
        attemptFailed(AttemptOutcome.connectFailure(), connectFailure());
    }

    /** The last attempt's failure: a TLS handshake (peer not who we meant, or untrusted) or a plain connect. */
    private ErrorCause connectFailure() {
        return tlsFailed ? ErrorCause.UPSTREAM_TLS_FAILURE : ErrorCause.CONNECT_FAILURE;
    }

    /** An attempt failed without a response byte going downstream: retry elsewhere, or fail with {@code cause}. */
    private void attemptFailed(AttemptOutcome outcome, ErrorCause cause) {
        attempts.failedLocally();
        attempts.markTried();
        lastFailure = cause;
        if (!retry(outcome)) {
            fail(cause);
        }
    }

    /** Asks for a retry after {@code outcome}; when granted, closes the attempt's connection and schedules it. */
    private boolean retry(AttemptOutcome outcome) {
        cancelPerTryTimeout();
        if (upgrade && outcome.kind() != AttemptOutcome.Kind.CONNECT_FAILURE) {
            return false; // once sent, the upstream may have switched protocols: never replayed
        }
        if (!retries.enabled() || !attempts.hasRetryTarget(hash, requestView())) {
            return false; // a retry goes to an untried endpoint if any, else to one tried already (as Envoy)
        }
        RetryDecision decision = retries.decide(outcome, body.replayState(), deadline);
        if (!decision.shouldRetry()) {
            return false;
        }
        closeUpstream();
        if (lastFailure == null) {
            lastFailure = ErrorCause.NO_HEALTHY_UPSTREAM; // should the endpoints go during the backoff
        }
        meters.recordRetry();
        if (decision.backoffNanos() == 0) {
            connect();
        } else {
            backoff = downstream.eventLoop().schedule(this::connect, decision.backoffNanos(), TimeUnit.NANOSECONDS);
        }
        return true;
    }

    @Override
    public void onUpstreamWritable() {
        if (!requestComplete && !finished) {
            downstream.read();
        }
    }

    @Override
    public void onResponseObject(HttpObject object) {
        if (finished) {
            ReferenceCountUtil.release(object);
            return;
        }
        if (object.decoderResult().isFailure()) {
            ReferenceCountUtil.release(object);
            closeUpstream();
            attempts.failedLocally();
            failOrAbort(ErrorCause.UPSTREAM_PROTOCOL_ERROR);
            return;
        }
        if (object instanceof HttpResponse response && !onResponseHead(response)) {
            ReferenceCountUtil.release(object); // retried: this response goes nowhere
            return;
        }
        if (object instanceof HttpContent content) {
            if (switching) {
                openTunnel(content);
            } else if (content instanceof LastHttpContent && !informational) {
                complete(content);
            } else {
                if (content instanceof LastHttpContent) {
                    informational = false;
                }
                downstream.write(content, downstream.voidPromise());
            }
        }
    }

    /** Judges and forwards a response head; false when the attempt is retried instead. */
    private boolean onResponseHead(HttpResponse response) {
        int code = response.status().code();
        if (upgrade && code == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
            return switchProtocols(response);
        }
        informational = code >= 100 && code < 200 && code != 101;
        if (!informational) {
            cancelPerTryTimeout();
            attempts.responded(code);
            MeshHeaders.prepareResponse(response.headers(), context.direction());
            if (code >= 500 || code == 409 || retries.policy().retriableStatusCodes().contains(code)) {
                attempts.markTried();
                if (retry(RetryControl.outcomeOf(response, attempts.endpoint().mesh()))) {
                    return false;
                }
            }
            responseStarted = true;
            status = code;
            upstreamReusable &= HttpUtil.isKeepAlive(response);
            downstreamKeepAlive = clientKeepAlive && (requestComplete || bodyless) && frontend.mayKeepAlive();
        }
        downstreamKeepAlive = ResponseHeaders.prepare(response, request, informational, downstreamKeepAlive);
        downstream.write(response, downstream.voidPromise());
        return true;
    }

    /** The upstream accepted the upgrade: the 101 goes down with its Upgrade and Connection headers. */
    private boolean switchProtocols(HttpResponse response) {
        cancelPerTryTimeout();
        if (!WebSocketUpgrade.isAccepted(response)) {
            closeUpstream(); // a 101 without Sec-WebSocket-Accept: no WebSocket handshake, and no body framing
            attempts.failedLocally();
            fail(ErrorCause.UPSTREAM_PROTOCOL_ERROR);
            return false;
        }
        attempts.responded(HttpResponseStatus.SWITCHING_PROTOCOLS.code());
        responseStarted = true;
        switching = true;
        status = HttpResponseStatus.SWITCHING_PROTOCOLS.code();
        MeshHeaders.prepareResponse(response.headers(), context.direction());
        HopByHopHeaders.stripKeepingUpgrade(response.headers());
        response.setProtocolVersion(HttpVersion.HTTP_1_1);
        downstream.write(response, downstream.voidPromise());
        return true;
    }

    /** The 101 is complete: this exchange ends (logged as 101) and both connections become one byte tunnel. */
    private void openTunnel(HttpContent content) {
        content.release();
        if (!(content instanceof LastHttpContent)) {
            return;
        }
        UpstreamConnection connection = upstream;
        upstream = null;
        end(status, null);
        frontend.exchangeDone(this, false);
        downstream.write(LastHttpContent.EMPTY_LAST_CONTENT, downstream.voidPromise());
        downstream.pipeline().remove(frontend);
        context.upgrades().open(downstream, connection, WebSocketUpgrade.TYPE);
    }

    @Override
    public void onUpstreamReadComplete() {
        downstream.flush();
        if (!finished && upstream != null && downstream.isWritable()) {
            upstream.channel().read();
        }
    }

    @Override
    public void onUpstreamClosed() {
        UpstreamConnection closed = upstream;
        upstream = null;
        if (finished) {
            return;
        }
        if (mayRetryStale(closed)) {
            staleRetry = true;
            meters.recordRetry();
            context.pool().acquire(downstream.eventLoop(), cluster.config(), cluster.thresholds(), attempts.endpoint(),
                    meters.upstreamConnections(), this);
            return;
        }
        if (responseStarted || informational) {
            attempts.failedLocally();
            failOrAbort(ErrorCause.UPSTREAM_RESET);
            return;
        }
        attemptFailed(AttemptOutcome.resetBeforeResponse(), ErrorCause.UPSTREAM_RESET);
    }

    /** The HTTP/2 peer refused the stream unprocessed (REFUSED_STREAM, GOAWAY): retriable as refused-stream. */
    @Override
    public void onUpstreamRefused() {
        if (finished || responseStarted || informational) {
            onUpstreamClosed();
            return;
        }
        upstream = null;
        attemptFailed(AttemptOutcome.refusedStream(), ErrorCause.UPSTREAM_RESET);
    }

    /**
     * A pooled connection the peer closed while it sat idle fails the first request sent on it; a complete,
     * bodyless, idempotent request that got no response byte is sent once more on a fresh connection.
     */
    private boolean mayRetryStale(UpstreamConnection closed) {
        return closed != null && closed.reused() && !staleRetry && !upgrade && !responseStarted && !informational
                && bodyless && requestComplete && IDEMPOTENT.contains(request.method());
    }

    private void onPerTryTimeout() {
        perTryTimeout = null;
        if (!finished && upstream != null && !responseStarted && !informational) {
            closeUpstream();
            attemptFailed(AttemptOutcome.perTryTimeout(), ErrorCause.UPSTREAM_TIMEOUT);
        }
    }

    /** The route timeout (or the request's own deadline) fired. */
    @Override
    public void run() {
        if (!finished) {
            closeUpstream();
            attempts.failedLocally();
            failOrAbort(ErrorCause.UPSTREAM_TIMEOUT);
        }
    }

    private void complete(HttpContent last) {
        UpstreamConnection connection = upstream;
        upstream = null;
        end(status, null);
        downstreamKeepAlive &= frontend.mayKeepAlive(); // a drain that began mid-response closes after it
        downstream.writeAndFlush(last)
                .addListener(downstreamKeepAlive ? ChannelFutureListener.CLOSE_ON_FAILURE : ChannelFutureListener.CLOSE);
        if (upstreamReusable && requestComplete) {
            connection.release();
        } else {
            connection.close();
        }
        frontend.exchangeDone(this, downstreamKeepAlive);
    }

    private void failOrAbort(ErrorCause cause) {
        if (!responseStarted) {
            fail(cause);
            return;
        }
        meters.recordMeshError(context.direction(), cause);
        end(status, cause);
        closeUpstream();
        if (grpc && downstream instanceof Http2StreamChannel) {
            // a gRPC call ends with a status, not a reset: trailers say what happened
            downstream.writeAndFlush(GrpcErrorResponses.trailers(cause)).addListener(ChannelFutureListener.CLOSE);
        } else {
            downstream.close(); // never present a cut response as complete
        }
        frontend.exchangeDone(this, false);
    }

    private void fail(ErrorCause cause) {
        if (meters == null) {
            meters = context.meters(null);
        }
        meters.recordMeshError(context.direction(), cause);
        end(cause.status(), cause);
        closeUpstream();
        boolean keepAlive = clientKeepAlive && (requestComplete || bodyless) && frontend.mayKeepAlive();
        downstream.writeAndFlush(grpc ? GrpcErrorResponses.of(cause, request.protocolVersion())
                        : ErrorResponses.of(cause, request.protocolVersion(), keepAlive))
                .addListener(keepAlive ? ChannelFutureListener.CLOSE_ON_FAILURE : ChannelFutureListener.CLOSE);
        frontend.exchangeDone(this, keepAlive);
    }

    private void end(int finalStatus, ErrorCause cause) {
        finished = true;
        if (deadline != null && deadline.isBounded()) {
            frontend.deadlines().disarm(this);
        }
        cancelPerTryTimeout();
        cancel(backoff);
        if (body != null) {
            body.release();
        }
        if (attempts != null) {
            attempts.abandon();
            retries.finish();
        }
        if (admitted) {
            admitted = false;
            cluster.thresholds().release(ClusterThresholds.Resource.REQUESTS);
        }
        long duration = System.nanoTime() - startNanos;
        ServiceMeters target = meters != null ? meters : context.meters(null);
        if (finalStatus > 0) {
            target.recordRequest(context.direction(), finalStatus, duration);
        }
        Endpoint endpoint = attempts == null ? null : attempts.endpoint();
        context.accessLog().log(request.method().name(), authority, request.uri(), finalStatus, duration, endpoint, cause);
    }

    private void cancelPerTryTimeout() {
        cancel(perTryTimeout);
        perTryTimeout = null;
    }

    private static void cancel(ScheduledFuture<?> future) {
        if (future != null) {
            future.cancel(false);
        }
    }

    private void closeUpstream() {
        UpstreamConnection connection = upstream;
        upstream = null;
        if (connection != null) {
            connection.close();
        }
    }
}
