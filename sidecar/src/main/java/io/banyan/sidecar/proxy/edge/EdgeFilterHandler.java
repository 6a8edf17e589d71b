package io.banyan.sidecar.proxy.edge;

import io.banyan.dataplane.config.EdgeRouteSettings;
import io.banyan.sidecar.codec.ConnectionHeader;
import io.banyan.sidecar.codec.ErrorResponses;
import io.banyan.sidecar.codec.LingeringClose;
import io.banyan.sidecar.core.ErrorCause;
import io.banyan.sidecar.edge.EdgeDecision;
import io.banyan.sidecar.edge.EdgeGate;
import io.banyan.sidecar.metrics.EdgeMeters;
import io.banyan.sidecar.observe.AnsweredBy;
import io.banyan.sidecar.observe.EarlyAnswers;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.QueryStringEncoder;
import io.netty.util.ReferenceCountUtil;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Before the proxy: asks the gate about each request head with its route's policy, then forwards it changed
 * (credentials and spoofed identity headers removed, identity headers set), or answers it here (401/403/429/413/503,
 * a CORS preflight's 204) without the upstream. The body is counted against the route's limit as it streams: past it,
 * the client gets 413 if no response started, and the connection (or HTTP/2 stream) is closed, which resets the
 * upstream request. Content read while keys load waits in a queue (auto-read is off, so it is at most one read).
 */
public final class EdgeFilterHandler extends ChannelDuplexHandler {

    public static final String NAME = "edge";

    private final Supplier<EdgeGate> gate;
    private final EdgeRouteResolver routes;
    private final EdgeMeters meters;
    private final EarlyAnswers answers;
    private final ArrayDeque<Object> waiting = new ArrayDeque<>();
    private State state = State.IDLE;
    private Map<String, String> responseHeaders = Map.of();
    private long limit;
    private long received;
    private boolean responseStarted;
    /** A forwarded request's response has not ended: a pipelined request waits, so responses stay in order. */
    private boolean responding;
    /** The end-user policy the request being decided was checked against (its route's, before any change). */
    private EdgeRouteSettings checkedAgainst;
    /** When the request being decided arrived ({@link EarlyAnswers#nanoTime()}). */
    private long decidingSince;

    /**
     * @param gate   the current gate (a new one per config)
     * @param routes the policy of a request's route
     * @param meters counts the answers given here
     */
    public EdgeFilterHandler(Supplier<EdgeGate> gate, EdgeRouteResolver routes, EdgeMeters meters) {
        this(gate, routes, meters, EarlyAnswers.NONE);
    }

    /** {@code answers}: who is told of each request answered here (it never becomes an exchange of the proxy). */
    public EdgeFilterHandler(Supplier<EdgeGate> gate, EdgeRouteResolver routes, EdgeMeters meters,
                             EarlyAnswers answers) {
        this.gate = gate;
        this.routes = routes;
        this.meters = meters;
        this.answers = answers;
    }

    /** CLOSED: answered with {@code Connection: close}; what is still read (decoded with it, or lingering) is dropped. */
    private enum State { IDLE, DECIDING, FORWARDING, DISCARDING, CLOSED }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (state == State.CLOSED) {
            ReferenceCountUtil.release(msg);
            return;
        }
        boolean pipelined = msg instanceof HttpRequest && responding;
        if (msg instanceof HttpObject && (state == State.DECIDING || pipelined || !waiting.isEmpty())) {
            waiting.add(msg); // it waits for its turn, in order: a pipelined request never passes unchecked
            return;
        }
        dispatch(ctx, msg);
    }

    private void dispatch(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            decide(ctx, request);
            return;
        }
        if (msg instanceof HttpContent content) {
            content(ctx, content);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private void decide(ChannelHandlerContext ctx, HttpRequest request) {
        state = State.DECIDING;
        decidingSince = answers.nanoTime();
        responseStarted = false;
        received = 0;
        checkedAgainst = routes.resolve(request);
        CompletableFuture<EdgeDecision> decision = gate.get().decide(checkedAgainst,
                new NettyEdgeRequest(request, ctx.channel().remoteAddress()));
        if (decision.isDone()) {
            apply(ctx, request, decision.join());
        } else {
            decision.whenComplete((d, e) -> ctx.executor().execute(() -> {
                apply(ctx, request, e != null ? new EdgeDecision.Reject(ErrorCause.JWKS_UNAVAILABLE, Map.of()) : d);
                // the read that brought the request completed while deciding: the proxy flushes upstream on this
                ctx.fireChannelReadComplete();
            }));
        }
    }

    private void apply(ChannelHandlerContext ctx, HttpRequest request, EdgeDecision decision) {
        if (!ctx.channel().isActive()) {
            release();
            return;
        }
        if (decision instanceof EdgeDecision.Proceed proceed && !proceed(request, proceed)) {
            // the policy's own changes (claims copied to headers) would take the request to a route with another
            // policy than the one just enforced: refused, never forwarded under a policy nobody checked
            decision = new EdgeDecision.Reject(ErrorCause.FORBIDDEN, Map.of());
        }
        if (decision instanceof EdgeDecision.Proceed proceed) {
            responseHeaders = proceed.responseHeaders();
            limit = proceed.maxRequestBytes();
            state = State.FORWARDING;
            if (request instanceof HttpContent whole) { // a whole request in one message
                received = whole.content().readableBytes();
                if (limit > 0 && received > limit) {
                    answered(ctx, request, ErrorCause.PAYLOAD_TOO_LARGE.status(), ErrorCause.PAYLOAD_TOO_LARGE);
                    ReferenceCountUtil.release(request);
                    tooLarge(ctx);
                    return;
                }
                state = request instanceof LastHttpContent ? State.IDLE : State.FORWARDING;
            }
            responding = true;
            ctx.fireChannelRead(request);
            drain(ctx);
            return;
        }
        if (decision instanceof EdgeDecision.Reject reject) {
            answered(ctx, request, reject.cause().status(), reject.cause());
        } else {
            answered(ctx, request, HttpResponseStatus.NO_CONTENT.code(), null);
        }
        ReferenceCountUtil.release(request);
        boolean bodyless = !HttpUtil.isTransferEncodingChunked(request) && HttpUtil.getContentLength(request, 0L) == 0;
        boolean keepAlive = HttpUtil.isKeepAlive(request) && bodyless;
        FullHttpResponse response;
        if (decision instanceof EdgeDecision.Reject reject) {
            meters.rejected(reject.cause());
            response = ErrorResponses.of(reject.cause(), request.protocolVersion(), keepAlive);
            reject.headers().forEach(response.headers()::set);
        } else {
            meters.preflight();
            response = new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.NO_CONTENT);
            ((EdgeDecision.Preflight) decision).headers().forEach(response.headers()::set);
            ConnectionHeader.set(response.headers(), request.protocolVersion(), keepAlive);
        }
        boolean ended = bodyless;
        while (!waiting.isEmpty() && !(waiting.peek() instanceof HttpRequest)) { // this request's body only
            Object content = waiting.poll();
            ended |= content instanceof LastHttpContent;
            ReferenceCountUtil.release(content);
        }
        state = ended ? State.IDLE : State.DISCARDING;
        var written = ctx.writeAndFlush(response);
        if (!keepAlive) {
            state = State.CLOSED;
            release();
            written.addListener(LingeringClose.INSTANCE);
        } else {
            ctx.read();
            drain(ctx);
        }
    }

    /** Tells the observer that this handler answered {@code request} (no exchange took it). */
    private void answered(ChannelHandlerContext ctx, HttpRequest request, int status, ErrorCause cause) {
        answers.answered(AnsweredBy.EDGE_POLICY, request, EarlyAnswers.protocol(ctx.channel(), request), status, cause,
                answers.nanoTime() - decidingSince);
    }

    /**
     * What was read while deciding or responding, in order, until a pipelined request must wait (for its decision,
     * or for the response before it to end).
     */
    private void drain(ChannelHandlerContext ctx) {
        while (!waiting.isEmpty() && state != State.DECIDING && !(responding && waiting.peek() instanceof HttpRequest)) {
            dispatch(ctx, waiting.poll());
        }
    }

    private void content(ChannelHandlerContext ctx, HttpContent content) {
        switch (state) {
            case DECIDING -> waiting.add(content);
            case DISCARDING, IDLE -> {
                boolean last = content instanceof LastHttpContent;
                content.release();
                if (last && state == State.DISCARDING) {
                    state = State.IDLE;
                }
                ctx.read();
            }
            case FORWARDING -> {
                received += content.content().readableBytes();
                if (limit > 0 && received > limit) {
                    content.release();
                    tooLarge(ctx);
                    return;
                }
                if (content instanceof LastHttpContent) {
                    state = State.IDLE;
                }
                ctx.fireChannelRead(content);
            }
        }
    }

    /** The body crossed the limit while streaming: 413 if nothing was answered yet, and the request is reset. */
    private void tooLarge(ChannelHandlerContext ctx) {
        state = State.CLOSED;
        release();
        if (responseStarted) {
            ctx.close();
            return;
        }
        responseStarted = true;
        meters.rejected(ErrorCause.PAYLOAD_TOO_LARGE);
        FullHttpResponse response = ErrorResponses.of(ErrorCause.PAYLOAD_TOO_LARGE,
                io.netty.handler.codec.http.HttpVersion.HTTP_1_1, false);
        ctx.writeAndFlush(response).addListener(LingeringClose.INSTANCE);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse response) {
            if (state == State.CLOSED && responseStarted) {
                ReferenceCountUtil.release(msg); // the proxy's answer to a request this handler already answered
                promise.setSuccess();
                return;
            }
            if (response.status().codeClass() != io.netty.handler.codec.http.HttpStatusClass.INFORMATIONAL) {
                responseStarted = true;
                responseHeaders.forEach(response.headers()::set);
            }
        }
        ctx.write(msg, promise);
        if (msg instanceof LastHttpContent && responding) {
            responding = false;
            if (!waiting.isEmpty()) { // the next request goes on once this write's stack has unwound
                ctx.executor().execute(() -> {
                    drain(ctx);
                    ctx.fireChannelReadComplete();
                });
            }
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        release();
    }

    private void release() {
        while (!waiting.isEmpty()) {
            ReferenceCountUtil.release(waiting.poll());
        }
    }

    static String withoutParameter(String uri, String name) {
        QueryStringDecoder decoder = new QueryStringDecoder(uri);
        QueryStringEncoder encoder = new QueryStringEncoder(decoder.rawPath());
        decoder.parameters().forEach((key, values) -> {
            if (!key.equals(name)) {
                for (String value : values) {
                    encoder.addParam(key, value);
                }
            }
        });
        return encoder.toString();
    }


    /**
     * Applies {@code proceed}'s changes to {@code request}; false when the changed request no longer takes a route with
     * the policy it was checked against (the proxy routes the changed request: both must agree).
     */
    private boolean proceed(HttpRequest request, EdgeDecision.Proceed proceed) {
        proceed.removeHeaders().forEach(request.headers()::remove);
        proceed.setHeaders().forEach(request.headers()::set);
        if (proceed.removeQueryParameter() != null) {
            request.setUri(withoutParameter(request.uri(), proceed.removeQueryParameter()));
        }
        boolean changed = !proceed.removeHeaders().isEmpty() || !proceed.setHeaders().isEmpty()
                || proceed.removeQueryParameter() != null;
        return !changed || checkedAgainst.equals(routes.resolve(request));
    }
}
