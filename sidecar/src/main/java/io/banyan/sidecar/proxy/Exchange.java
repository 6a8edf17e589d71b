package io.banyan.sidecar.proxy;

import io.banyan.dataplane.config.AuthorizationPolicy;
import io.banyan.dataplane.config.Endpoint;
import io.banyan.dataplane.config.RetryPolicy;
import io.banyan.dataplane.config.Route;
import io.banyan.sidecar.codec.ErrorResponses;
import io.banyan.sidecar.codec.LingeringClose;
import io.banyan.sidecar.core.ErrorCause;
import io.banyan.sidecar.loadstats.ClusterLoad;
import io.banyan.sidecar.metrics.ServiceMeters;
import io.banyan.sidecar.mirror.RequestMirror;
import io.banyan.sidecar.observe.AnsweredBy;
import io.banyan.sidecar.observe.AttemptRecord;
import io.banyan.sidecar.observe.EarlyAnswers;
import io.banyan.sidecar.observe.ExchangeObservation;
import io.banyan.sidecar.observe.ExchangeRecord;
import io.banyan.sidecar.observe.ExchangeStart;
import io.banyan.sidecar.proxy.upgrade.WebSocketUpgrade;
import io.banyan.sidecar.resilience.AttemptOutcome;
import io.banyan.sidecar.resilience.ClusterThresholds;
import io.banyan.sidecar.resilience.Deadline;
import io.banyan.sidecar.resilience.ReplayBuffer;
import io.banyan.sidecar.resilience.RetryDecision;
import io.banyan.sidecar.resilience.RetryRequest;
import io.banyan.sidecar.resilience.RetryRule;
import io.banyan.sidecar.route.PrefixRewrite;
import io.banyan.sidecar.tls.PeerIdentity;
import io.banyan.sidecar.upstream.UpstreamConnection;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One request's life, on its downstream channel's event loop, as a state machine ({@link ExchangeState}):
 * {@link Admission} decides whether it goes upstream (or is answered here: a redirect or a direct response, see
 * {@link LocalReplies}); the route's request header mutations and prefix rewrite apply once, to every try; each try goes to an endpoint the {@link AttemptLedger}
 * picks, through an {@link UpstreamAttempt} that streams the request up and hands the response back; a failed
 * try (no connection, reset, per-try timeout, or a response head the retry rule judges retriable, judged before
 * anything goes downstream) is retried as {@link RetryControl} allows, after a backoff on the event loop,
 * replaying the body kept by {@link RequestBody}; a route's mirror policies get a copy of the request on the side
 * ({@link io.banyan.sidecar.mirror.Mirrors}), never waited for, and are shown the final answer as it goes down. The response goes down as it comes, a 101 turning
 * both connections into a tunnel. Ends exactly once: answered, failed with an {@link ErrorCause}, or aborted by a
 * closed connection; then it is counted (and, when its cluster is reported on, counted for the load report) and
 * told to its {@link io.banyan.sidecar.observe.ExchangeObserver} (access log, traces, recent failures), which also
 * sees each try come and go ({@link AttemptTimeline}).
 */
final class Exchange implements Admission.Caller, Runnable {

    private static final Logger log = LoggerFactory.getLogger(Exchange.class);
    // header names as AsciiString: hashed once, not at each lookup of each request
    private static final AsciiString REQUEST_ID = AsciiString.cached("x-request-id");
    private static final AsciiString DEADLINE = AsciiString.cached(Deadline.HEADER);
    private static final AsciiString GRPC_TIMEOUT = AsciiString.cached(Deadline.GRPC_TIMEOUT);

    private final FrontendHandler frontend;
    private final Channel downstream;
    private final ProxyContext context;
    private final HttpRequest request;
    /** The request target as the client sent it (the access log's), before any rewrite. */
    private final String target;
    private final long startNanos;
    /** When it began on the wall clock, read only when an observer reads its start; else null. */
    private final Instant startTime;
    private final ExchangeObservation observation;
    private final AttemptTimeline timeline;
    private final boolean clientKeepAlive;
    private final boolean bodyless;
    private final boolean upgrade;
    private final boolean grpc;
    private ExchangeState state = ExchangeState.ADMITTING;
    private String authority;
    private AdmissionDecision admission;
    private ServiceMeters meters;
    private AttemptLedger attempts;
    private RetryControl retries;
    private RequestBody body;
    private RequestMirror mirror;
    /** Where this request is counted for load reports; null when its cluster is not reported on. */
    private ClusterLoad load;
    private UpstreamAttempt attempt;
    private int attemptCount;
    private ErrorCause lastFailure;
    private ScheduledFuture<?> backoff;
    private boolean requestComplete;
    private boolean downstreamKeepAlive;
    private int status;
    private long bytesReceived;
    private long bytesSent;

    Exchange(FrontendHandler frontend, Channel downstream, ProxyContext context, HttpRequest request) {
        this.frontend = frontend;
        this.downstream = downstream;
        this.context = context;
        this.request = request;
        this.target = request.uri();
        this.startNanos = context.ticker().nanoTime();
        this.upgrade = WebSocketUpgrade.isRequested(request);
        this.clientKeepAlive = HttpUtil.isKeepAlive(request) && !upgrade; // unless 101: what follows is not HTTP
        this.bodyless = !HttpUtil.isTransferEncodingChunked(request) && HttpUtil.getContentLength(request, 0L) == 0;
        this.grpc = GrpcStatus.isGrpc(request.headers());
        ExchangeObservation every = context.everyExchange();
        this.startTime = every != null ? null : context.clock().instant();
        this.observation = every != null ? every : observe();
        this.timeline = new AttemptTimeline(observation, startNanos);
    }

    /**
     * Tells the observer this exchange begins, when it reads starts (one that reads none has its observation for
     * every exchange: {@link ProxyContext#everyExchange()}). The observer is guarded
     * ({@link io.banyan.sidecar.observe.GuardedObserver}, by the {@link ProxyContext}): one that fails at any call
     * observes nothing there, and the exchange goes on.
     */
    private ExchangeObservation observe() {
        return context.observer().begin(new ExchangeStart(startTime, context.listener().name(),
                context.direction(), request.method().name(), request.headers().get(HttpHeaderNames.HOST), target,
                protocol(), request.headers()));
    }

    private String protocol() {
        return EarlyAnswers.protocol(downstream, request);
    }

    /** The only place the state changes. */
    private void moveTo(ExchangeState next) {
        assert state.canMoveTo(next) : state + " -> " + next;
        state = next;
    }

    void start() {
        HttpHeaders headers = request.headers();
        authority = headers.get(HttpHeaderNames.HOST);
        RoutingState routing = context.state();
        admission = context.admission().admit(routing, this, frontend.routeView(request),
                headers.get(DEADLINE), headers.get(GRPC_TIMEOUT));
        meters = admission.meters();
        if (admission.answeredLocally()) {
            answerLocally();
            return;
        }
        if (!admission.admitted()) {
            fail(admission.refusal(), admission.detail());
            return;
        }
        load = admission.cluster().load().recorder();
        if (load != null) {
            load.started();
        }
        Deadline deadline = admission.deadline();
        if (deadline.isBounded()) {
            frontend.deadlines().arm(this, deadline.remainingNanos());
        }
        attempts = new AttemptLedger(admission.cluster(), context.ticker());
        body = new RequestBody(RetryControl.enabled(admission.action().retryPolicy())
                ? ReplayBuffer.DEFAULT_LIMIT_BYTES : -1);
        attempt = new UpstreamAttempt(this, context, downstream, request, body, admission, grpc);
        if (upgrade && !WebSocketUpgrade.isAcceptable(request)) {
            fail(ErrorCause.BAD_REQUEST); // as Envoy: an upgrade is a GET without a body
            return;
        }
        if (upgrade) {
            HopByHopHeaders.stripKeepingUpgrade(headers);
        } else {
            HopByHopHeaders.strip(headers);
        }
        MeshHeaders.prepare(headers, context.direction(), downstream);
        Route route = admission.route();
        HeaderMutator.apply(route.requestHeaders(), headers);
        String rewrite = admission.action().prefixRewrite();
        if (rewrite != null) {
            request.setUri(PrefixRewrite.apply(route.match(), rewrite, target));
        }
        if (!upgrade && !grpc) { // a copy of the request as it goes up; upgrades and gRPC streams are not mirrored
            mirror = context.mirrors().start(admission.action(), routing.clusters(), request, downstream);
        }
        moveTo(ExchangeState.CONNECTING);
        connect();
    }

    /** Whether the caller of this request's connection passes {@code policy} (decided once per connection). */
    @Override
    public boolean mayCall(AuthorizationPolicy policy) {
        return AuthorizeCaller.allowed(policy, downstream);
    }

    boolean requestComplete() {
        return requestComplete;
    }

    boolean bodyless() {
        return bodyless;
    }

    boolean finished() {
        return state == ExchangeState.FINISHED;
    }

    boolean awaitingResponse() {
        return state == ExchangeState.AWAITING_RESPONSE;
    }

    boolean responseBegun() {
        return state.responseBegun();
    }

    void onRequestContent(HttpContent content) {
        bytesReceived += content.content().readableBytes();
        if (content instanceof LastHttpContent) {
            requestComplete = true;
            if (upgrade && !finished()) {
                context.upgrades().holdDownstream(downstream); // what follows is the new protocol's
            }
        }
        if (finished() || attempt == null) {
            content.release();
            return;
        }
        if (mirror != null) {
            mirror.offer(content);
        }
        attempt.send(content);
    }

    void onDownstreamReadComplete() {
        if (attempt != null && !finished()) {
            attempt.onDownstreamReadComplete();
        }
    }

    void onDownstreamWritable() {
        if (attempt != null && !finished()) {
            attempt.onDownstreamWritable();
        }
    }

    void onDownstreamClosed() {
        if (!finished()) {
            end(0, null);
            closeUpstream();
        }
    }

    /** The downstream sent garbage mid-request: drop both connections. */
    void abort() {
        if (!finished()) {
            end(state.finalHeadSent() ? status : 0, ErrorCause.BAD_REQUEST);
            closeUpstream();
        }
        downstream.close();
        frontend.exchangeDone(this, false);
    }

    /** Starts a try on an endpoint not tried yet, else (a retry) on one tried already; also the backoff task. */
    private void connect() {
        backoff = null;
        if (finished()) {
            return;
        }
        Endpoint next = attempts.start(admission.hash(), requestView());
        if (next == null) {
            fail(attemptCount > 0 ? lastFailure
                    : attempts.skippedOpen() ? ErrorCause.CIRCUIT_OPEN : ErrorCause.NO_HEALTHY_UPSTREAM);
            return;
        }
        attemptCount++;
        timeline.started(next, context.ticker().nanoTime(), request.headers());
        attempt.start(next);
    }

    private HttpRequestView requestView() {
        return admission.hash() == null ? null : new HttpRequestView(request, downstream);
    }

    // ---- what the attempt reports

    /** The attempt has its connection and writes the request. */
    void sending() {
        moveTo(ExchangeState.AWAITING_RESPONSE);
    }

    /** The attempt could not get a connection: the endpoint or the cluster is at its cap (503 overflow). */
    void poolExhausted() {
        timeline.failed(ErrorCause.OVERFLOW);
        attempts.abandon();
        fail(ErrorCause.OVERFLOW);
    }

    /** The attempt's connect failed: a TLS handshake (peer not who we meant, or untrusted) or a plain connect. */
    void connectFailed(boolean tls) {
        if (!tls) {
            attempts.connectFailed();
        }
        attemptFailed(AttemptOutcome.connectFailure(),
                tls ? ErrorCause.UPSTREAM_TLS_FAILURE : ErrorCause.CONNECT_FAILURE);
    }

    /** An attempt failed without a response byte going downstream: retry elsewhere, or fail with {@code cause}. */
    void attemptFailed(AttemptOutcome outcome, ErrorCause cause) {
        attempts.failedLocally(cause);
        attempts.markTried();
        timeline.failed(cause);
        lastFailure = cause;
        if (!retry(outcome)) {
            fail(cause);
        }
    }

    /**
     * A pooled connection the peer closed while it sat idle fails the first request sent on it; a complete,
     * bodyless, idempotent request that got no response byte may be sent once more on a fresh connection.
     */
    boolean mayResendOnFreshConnection() {
        return !upgrade && !state.responseBegun() && bodyless && requestComplete
                && RetryRequest.isIdempotentMethod(request.method().name());
    }

    /** The attempt sends the request again on a fresh connection to the same endpoint (counted as a retry). */
    void resending() {
        meters.recordRetry();
        moveTo(ExchangeState.CONNECTING);
    }

    /** The attempt's connection closed or was reset. */
    void upstreamReset() {
        if (state.responseBegun()) {
            attempts.failedLocally();
            failOrAbort(ErrorCause.UPSTREAM_RESET);
            return;
        }
        attemptFailed(AttemptOutcome.resetBeforeResponse(), ErrorCause.UPSTREAM_RESET);
    }

    /** The upstream sent something that is not HTTP. */
    void upstreamProtocolError() {
        attempts.failedLocally();
        failOrAbort(ErrorCause.UPSTREAM_PROTOCOL_ERROR);
    }

    /** Asks for a retry after {@code outcome}; when granted, closes the attempt's connection and schedules it. */
    private boolean retry(AttemptOutcome outcome) {
        attempt.cancelPerTryTimeout();
        if (upgrade && outcome.kind() != AttemptOutcome.Kind.CONNECT_FAILURE) {
            return false; // once sent, the upstream may have switched protocols: never replayed
        }
        RetryPolicy policy = admission.action().retryPolicy();
        if (!RetryControl.enabled(policy) || !attempts.hasRetryTarget(admission.hash(), requestView())) {
            return false; // a retry goes to an untried endpoint if any, else to one tried already (as Envoy)
        }
        if (retries == null) {
            retries = new RetryControl(policy, admission.cluster().retryGate(), request);
        }
        RetryDecision decision = retries.decide(outcome, body.replayState(), admission.deadline());
        if (!decision.shouldRetry()) {
            return false;
        }
        attempt.close();
        if (lastFailure == null) {
            lastFailure = ErrorCause.NO_HEALTHY_UPSTREAM; // should the endpoints go during the backoff
        }
        meters.recordRetry();
        moveTo(ExchangeState.CONNECTING);
        if (decision.backoffNanos() == 0) {
            connect();
        } else {
            backoff = downstream.eventLoop().schedule(this::connect, decision.backoffNanos(), TimeUnit.NANOSECONDS);
        }
        return true;
    }

    /** A part of the attempt's response (decoded well). */
    void onResponseObject(HttpObject object) {
        if (object instanceof HttpResponse response && !onResponseHead(response)) {
            ReferenceCountUtil.release(object); // retried: this response goes nowhere
            return;
        }
        if (object instanceof HttpContent content) {
            if (state == ExchangeState.SWITCHING_PROTOCOLS) {
                openTunnel(content);
            } else if (state == ExchangeState.INFORMATIONAL) {
                if (content instanceof LastHttpContent) {
                    moveTo(ExchangeState.AWAITING_RESPONSE);
                }
                downstream.write(content, downstream.voidPromise());
            } else {
                if (mirror != null) {
                    mirror.offerResponse(content); // before it goes: the write may release it
                }
                bytesSent += content.content().readableBytes();
                if (content instanceof LastHttpContent) {
                    complete(content);
                } else {
                    downstream.write(content, downstream.voidPromise());
                }
            }
        }
    }

    /** Judges and forwards a response head; false when the attempt is retried (or failed) instead. */
    private boolean onResponseHead(HttpResponse response) {
        int code = response.status().code();
        if (upgrade && code == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
            return switchProtocols(response);
        }
        boolean informational = code >= 100 && code < 200 && code != 101;
        if (informational) {
            moveTo(ExchangeState.INFORMATIONAL);
        } else {
            attempt.cancelPerTryTimeout();
            attempts.responded(code);
            timeline.responded(code, context.ticker().nanoTime());
            MeshHeaders.prepareResponse(response.headers(), context.direction());
            if (RetryRule.judgesStatus(admission.action().retryPolicy(), code)) {
                attempts.markTried();
                if (retry(RetryControl.outcomeOf(response, attempts.endpoint().mesh()))) {
                    return false;
                }
            }
            if (mirror != null) {
                mirror.offerResponse(response); // as the upstream answered, before the route's own changes
            }
            HeaderMutator.apply(admission.route().responseHeaders(), response.headers());
            moveTo(ExchangeState.STREAMING_RESPONSE);
            status = code;
            attempt.responseHeadSent(response);
            downstreamKeepAlive = clientKeepAlive && (requestComplete || bodyless) && frontend.mayKeepAlive();
        }
        downstreamKeepAlive = ResponseHeaders.prepare(response, request, informational, downstreamKeepAlive);
        downstream.write(response, downstream.voidPromise());
        return true;
    }

    /** The upstream accepted the upgrade: the 101 goes down with its Upgrade and Connection headers. */
    private boolean switchProtocols(HttpResponse response) {
        attempt.cancelPerTryTimeout();
        if (!WebSocketUpgrade.isAccepted(response)) {
            closeUpstream(); // a 101 without Sec-WebSocket-Accept: no WebSocket handshake, and no body framing
            attempts.failedLocally();
            fail(ErrorCause.UPSTREAM_PROTOCOL_ERROR);
            return false;
        }
        attempts.responded(HttpResponseStatus.SWITCHING_PROTOCOLS.code());
        timeline.responded(HttpResponseStatus.SWITCHING_PROTOCOLS.code(), context.ticker().nanoTime());
        moveTo(ExchangeState.SWITCHING_PROTOCOLS);
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
        UpstreamConnection connection = attempt.detach();
        end(status, null);
        frontend.exchangeDone(this, false);
        downstream.write(LastHttpContent.EMPTY_LAST_CONTENT, downstream.voidPromise());
        downstream.pipeline().remove(frontend);
        context.upgrades().open(downstream, connection, WebSocketUpgrade.TYPE);
    }

    /** The route timeout (or the request's own deadline) fired. */
    @Override
    public void run() {
        if (!finished()) {
            closeUpstream();
            attempts.failedLocally();
            failOrAbort(ErrorCause.UPSTREAM_TIMEOUT);
        }
    }

    private void complete(HttpContent last) {
        end(status, null);
        downstreamKeepAlive &= frontend.mayKeepAlive(); // a drain that began mid-response closes after it
        downstream.writeAndFlush(last)
                .addListener(downstreamKeepAlive ? ChannelFutureListener.CLOSE_ON_FAILURE : LingeringClose.INSTANCE);
        attempt.complete(requestComplete);
        frontend.exchangeDone(this, downstreamKeepAlive);
    }

    private void failOrAbort(ErrorCause cause) {
        if (!state.finalHeadSent()) {
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

    /** The route redirects or answers directly: the proxy answers, no upstream is contacted. */
    private void answerLocally() {
        boolean keepAlive = clientKeepAlive && (requestComplete || bodyless) && frontend.mayKeepAlive();
        FullHttpResponse response = LocalReplies.of(admission.route(), request, target, downstream.alloc(), keepAlive);
        bytesSent += response.content().readableBytes();
        end(response.status().code(), null);
        downstream.writeAndFlush(response)
                .addListener(keepAlive ? ChannelFutureListener.CLOSE_ON_FAILURE : LingeringClose.INSTANCE);
        frontend.exchangeDone(this, keepAlive);
    }

    private void fail(ErrorCause cause) {
        fail(cause, null);
    }

    /** {@code detail}: the problem text of the reply, or null for the cause's token alone. */
    private void fail(ErrorCause cause, String detail) {
        if (meters == null) {
            meters = context.meters(null);
        }
        meters.recordMeshError(context.direction(), cause);
        boolean keepAlive = clientKeepAlive && (requestComplete || bodyless) && frontend.mayKeepAlive();
        FullHttpResponse response = grpc ? GrpcErrorResponses.of(cause, request.protocolVersion())
                : ErrorResponses.of(cause, detail, request.protocolVersion(), keepAlive);
        bytesSent += response.content().readableBytes();
        end(cause.status(), cause);
        closeUpstream();
        if (admission != null && admission.route() != null) {
            // as Envoy's router local replies: a matched route's response header mutations apply to them too
            HeaderMutator.apply(admission.route().responseHeaders(), response.headers());
        }
        downstream.writeAndFlush(response)
                .addListener(keepAlive ? ChannelFutureListener.CLOSE_ON_FAILURE : LingeringClose.INSTANCE);
        frontend.exchangeDone(this, keepAlive);
    }

    /** Finishes: gives back what the request held, then counts and logs it once. */
    private void end(int finalStatus, ErrorCause cause) {
        if (state == ExchangeState.FINISHED) {
            return; // ends once: a second end would give back the request slot twice
        }
        moveTo(ExchangeState.FINISHED);
        boolean admitted = admission != null && admission.admitted();
        if (admitted && admission.deadline().isBounded()) {
            frontend.deadlines().disarm(this);
        }
        if (attempt != null) {
            attempt.cancelPerTryTimeout();
        }
        if (backoff != null) {
            backoff.cancel(false);
        }
        if (body != null) {
            body.release();
        }
        if (mirror != null) {
            mirror.requestEnded();
        }
        if (attempts != null) {
            attempts.ended(cause);
        }
        if (retries != null) {
            retries.finish();
        }
        if (admitted) {
            admission.cluster().thresholds().release(ClusterThresholds.Resource.REQUESTS);
        }
        long now = context.ticker().nanoTime();
        long duration = now - startNanos;
        ServiceMeters counted = meters != null ? meters : context.meters(null);
        if (finalStatus > 0) {
            counted.recordRequest(context.direction(), finalStatus, duration);
        }
        Endpoint endpoint = attempts == null ? null : attempts.endpoint();
        if (load != null) {
            load.ended(endpoint == null ? "" : endpoint.zone(), finalStatus, cause, duration);
        }
        observed(finalStatus, cause, now, duration, endpoint);
    }

    /**
     * Tells the observer how this exchange ended, once, when it wants the record (its calls are guarded); a record
     * that cannot be built is lost, nothing else. Its start on the wall clock, unless read as it began, is now less
     * its duration (as {@link EarlyAnswers} tells its own).
     */
    private void observed(int finalStatus, ErrorCause cause, long now, long duration, Endpoint endpoint) {
        try {
            if (cause != null) {
                timeline.failed(cause); // the try in progress failed with the exchange (a timeout, a reset)
            }
            boolean wanted = observation.wantsRecord(AnsweredBy.PROXY, finalStatus, cause);
            List<AttemptRecord> tries = timeline.finish(now, wanted);
            if (!wanted) {
                return;
            }
            String traceId = observation.traceId();
            Instant start = startTime != null ? startTime : context.clock().instant().minusNanos(duration);
            observation.ended(new ExchangeRecord(start, context.listener().name(), context.direction(),
                    request.method().name(), authority, target, protocol(), finalStatus, cause, duration,
                    timeline.upstreamServiceNanos(), bytesReceived, bytesSent,
                    request.headers().get(REQUEST_ID), traceId, PeerIdentity.of(downstream).orElse(null),
                    admission != null && admission.cluster() != null ? admission.cluster().name() : null,
                    admission != null && admission.route() != null ? admission.route().name() : null,
                    endpoint, tries));
        } catch (RuntimeException e) {
            log.warn("the record of an exchange could not be built; it is not observed", e);
        }
    }

    private void closeUpstream() {
        if (attempt != null) {
            attempt.close();
        }
    }
}
