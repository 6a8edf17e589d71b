package io.banyan.sidecar.proxy;

import io.banyan.sidecar.cluster.ClusterState;
import io.banyan.sidecar.config.Endpoint;
import io.banyan.sidecar.config.Route;
import io.banyan.sidecar.metrics.ServiceMeters;
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
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One request's life, on its downstream channel's event loop: route, pick, acquire, then stream the
 * request up and the response down, reading the next chunk only while the other side is writable.
 * Ends exactly once: answered, failed with an {@link ErrorCause}, or aborted by a closed connection.
 */
final class Exchange implements AcquireCallback, UpstreamListener, Runnable {

    private static final int MAX_ATTEMPTS = 3;
    private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
            HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.TRACE);

    private final FrontendHandler frontend;
    private final Channel downstream;
    private final ProxyContext context;
    private final HttpRequest request;
    private final long startNanos = System.nanoTime();
    private final boolean clientKeepAlive;
    private final boolean bodyless;
    private String authority;
    private ClusterState cluster;
    private ServiceMeters meters;
    private Endpoint endpoint;
    private List<Endpoint> tried;
    private int attempts;
    private UpstreamConnection upstream;
    private ArrayDeque<HttpContent> pending;
    private ScheduledFuture<?> timeout;
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
        this.clientKeepAlive = HttpUtil.isKeepAlive(request);
        this.bodyless = !HttpUtil.isTransferEncodingChunked(request) && HttpUtil.getContentLength(request, 0L) == 0;
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
        String clusterName = router.pickCluster(route.action());
        cluster = state.clusters().get(clusterName);
        if (cluster == null) {
            meters = context.meters(clusterName);
            fail(ErrorCause.NO_CLUSTER);
            return;
        }
        meters = cluster.meters();
        long timeoutNanos = route.action().timeout().toNanos();
        if (timeoutNanos > 0) {
            timeout = downstream.eventLoop().schedule(this, timeoutNanos, TimeUnit.NANOSECONDS);
        }
        HopByHopHeaders.strip(request.headers());
        MeshHeaders.prepare(request.headers(), context.direction(), downstream);
        connect();
    }

    boolean requestComplete() {
        return requestComplete;
    }

    void onRequestContent(HttpContent content) {
        if (content instanceof LastHttpContent) {
            requestComplete = true;
        }
        if (finished) {
            content.release();
        } else if (upstream == null) {
            if (pending == null) {
                pending = new ArrayDeque<>(4);
            }
            pending.add(content);
        } else {
            upstream.channel().write(content, upstream.channel().voidPromise());
        }
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

    private void connect() {
        Endpoint next = cluster.loadBalancer().pick(tried == null ? List.of() : tried);
        if (next == null) {
            fail(attempts == 0 ? ErrorCause.NO_HEALTHY_UPSTREAM : connectFailure());
            return;
        }
        endpoint = next;
        attempts++;
        context.pool().acquire(downstream.eventLoop(), cluster.name(), next, cluster.connectTimeoutMillis(),
                meters.upstreamConnections(), this);
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
        channel.write(request, channel.voidPromise());
        if (pending != null) {
            HttpContent content;
            while ((content = pending.poll()) != null) {
                channel.write(content, channel.voidPromise());
            }
        }
        if (staleRetry) {
            channel.write(LastHttpContent.EMPTY_LAST_CONTENT, channel.voidPromise());
        }
        channel.flush();
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
            fail(ErrorCause.OVERFLOW);
            return;
        }
        if (tried == null) {
            tried = new ArrayList<>(MAX_ATTEMPTS);
        }
        tried.add(endpoint);
        tlsFailed = UpstreamTlsFailure.is(cause);
        if (attempts < MAX_ATTEMPTS) {
            meters.recordRetry();
            connect();
        } else {
            fail(connectFailure());
        }
    }

    /** The last attempt's failure: a TLS handshake (peer not who we meant, or untrusted) or a plain connect. */
    private ErrorCause connectFailure() {
        return tlsFailed ? ErrorCause.UPSTREAM_TLS_FAILURE : ErrorCause.CONNECT_FAILURE;
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
            failOrAbort(ErrorCause.UPSTREAM_PROTOCOL_ERROR);
            return;
        }
        if (object instanceof HttpResponse response) {
            onResponseHead(response);
        }
        if (object instanceof HttpContent content) {
            if (content instanceof LastHttpContent && !informational) {
                complete(content);
            } else {
                if (content instanceof LastHttpContent) {
                    informational = false;
                }
                downstream.write(content, downstream.voidPromise());
            }
        }
    }

    private void onResponseHead(HttpResponse response) {
        int code = response.status().code();
        informational = code >= 100 && code < 200 && code != 101;
        if (!informational) {
            responseStarted = true;
            status = code;
            upstreamReusable &= HttpUtil.isKeepAlive(response);
            downstreamKeepAlive = clientKeepAlive && (requestComplete || bodyless) && frontend.mayKeepAlive();
        }
        downstreamKeepAlive = ResponseHeaders.prepare(response, request, informational, downstreamKeepAlive);
        downstream.write(response, downstream.voidPromise());
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
            context.pool().acquire(downstream.eventLoop(), cluster.name(), endpoint, cluster.connectTimeoutMillis(),
                    meters.upstreamConnections(), this);
            return;
        }
        failOrAbort(ErrorCause.UPSTREAM_RESET);
    }

    /**
     * A pooled connection the peer closed while it sat idle fails the first request sent on it; a complete,
     * bodyless, idempotent request that got no response byte is sent once more on a fresh connection.
     */
    private boolean mayRetryStale(UpstreamConnection closed) {
        return closed != null && closed.reused() && !staleRetry && !responseStarted && !informational
                && bodyless && requestComplete && IDEMPOTENT.contains(request.method());
    }

    /** The route timeout fired. */
    @Override
    public void run() {
        if (!finished) {
            closeUpstream();
            failOrAbort(ErrorCause.UPSTREAM_TIMEOUT);
        }
    }

    private void complete(HttpContent last) {
        UpstreamConnection connection = upstream;
        upstream = null;
        end(status, null);
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
        downstream.close(); // never present a cut response as complete
        frontend.exchangeDone(this, false);
    }

    private void fail(ErrorCause cause) {
        if (meters == null) {
            meters = context.meters(null);
        }
        meters.recordMeshError(context.direction(), cause);
        end(cause.status().code(), cause);
        closeUpstream();
        boolean keepAlive = clientKeepAlive && (requestComplete || bodyless) && frontend.mayKeepAlive();
        downstream.writeAndFlush(ErrorResponses.of(cause, request.protocolVersion(), keepAlive))
                .addListener(keepAlive ? ChannelFutureListener.CLOSE_ON_FAILURE : ChannelFutureListener.CLOSE);
        frontend.exchangeDone(this, keepAlive);
    }

    private void end(int finalStatus, ErrorCause cause) {
        finished = true;
        if (timeout != null) {
            timeout.cancel(false);
        }
        if (pending != null) {
            HttpContent content;
            while ((content = pending.poll()) != null) {
                content.release();
            }
        }
        long duration = System.nanoTime() - startNanos;
        ServiceMeters target = meters != null ? meters : context.meters(null);
        if (finalStatus > 0) {
            target.recordRequest(context.direction(), finalStatus, duration);
        }
        context.accessLog().log(request.method().name(), authority, request.uri(), finalStatus, duration, endpoint, cause);
    }

    private void closeUpstream() {
        UpstreamConnection connection = upstream;
        upstream = null;
        if (connection != null) {
            connection.close();
        }
    }
}
