package io.banyan.sidecar.proxy;

import io.banyan.dataplane.config.Endpoint;
import io.banyan.sidecar.cluster.ClusterState;
import io.banyan.sidecar.core.ErrorCause;
import io.banyan.sidecar.metrics.ServiceMeters;
import io.banyan.sidecar.resilience.AttemptOutcome;
import io.banyan.sidecar.resilience.Deadline;
import io.banyan.sidecar.upstream.AcquireCallback;
import io.banyan.sidecar.upstream.PoolExhaustedException;
import io.banyan.sidecar.upstream.UpstreamConnection;
import io.banyan.sidecar.upstream.UpstreamListener;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.ReferenceCountUtil;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One try of an {@link Exchange} on one endpoint: acquires what carries it there, writes the request head (with
 * the remaining deadline) and the body seen so far, streams the rest up as the downstream sends it, reading the
 * next chunk of either side only while the other is writable, and hands the response parts to the exchange. It
 * reports how it ended without a response (no connection, pool full, reset, refused stream, per-try timeout);
 * the exchange retries or fails. The one retry it makes itself is the stale-connection resend
 * ({@link Exchange#mayResendOnFreshConnection()}). One per exchange, reused by each attempt; used on the
 * downstream's event loop only.
 */
final class UpstreamAttempt implements AcquireCallback, UpstreamListener {

    private final Exchange exchange;
    private final ProxyContext context;
    private final Channel downstream;
    private final HttpRequest request;
    private final RequestBody body;
    private final AdmissionDecision admitted;
    private final boolean grpc;
    private Endpoint endpoint;
    private UpstreamConnection connection;
    private ScheduledFuture<?> perTryTimeout;
    /** The request was sent again on a fresh connection after its pooled one turned out stale (once per request). */
    private boolean resent;
    /** The connection may go back to its pool once the exchange is complete. */
    private boolean reusable;

    UpstreamAttempt(Exchange exchange, ProxyContext context, Channel downstream, HttpRequest request, RequestBody body,
                    AdmissionDecision admitted, boolean grpc) {
        this.exchange = exchange;
        this.context = context;
        this.downstream = downstream;
        this.request = request;
        this.body = body;
        this.admitted = admitted;
        this.grpc = grpc;
    }

    /** Starts a try on {@code target}: the pool answers on this event loop, possibly before this returns. */
    void start(Endpoint target) {
        endpoint = target;
        acquire();
    }

    private void acquire() {
        ClusterState cluster = admitted.cluster();
        ServiceMeters meters = admitted.meters();
        context.pool().acquire(downstream.eventLoop(), cluster.config(), cluster.thresholds(), endpoint,
                meters.upstreamConnections(), this);
    }

    @Override
    public void onAcquired(UpstreamConnection acquired) {
        if (exchange.finished()) {
            acquired.release();
            return;
        }
        connection = acquired;
        acquired.attach(this);
        exchange.sending();
        reusable = HttpUtil.isKeepAlive(request);
        Deadline deadline = admitted.deadline();
        String remaining = deadline.toHeaderValue();
        if (remaining != null) {
            request.headers().set(Deadline.HEADER, remaining);
            if (grpc) {
                request.headers().set(Deadline.GRPC_TIMEOUT, deadline.toGrpcTimeout());
            }
        }
        acquired.write(request);
        body.writeTo(acquired, resent);
        if (exchange.requestComplete() || !exchange.bodyless()) {
            acquired.flush();
        } // else the empty end of a bodyless request is in this same read: the read's end flushes head and end
        // together (one HEADERS frame that ends an HTTP/2 stream; one write on HTTP/1.1)
        Duration perTry = admitted.action().retryPolicy().perTryTimeout();
        if (perTry.toNanos() > 0 && perTryTimeout == null) {
            perTryTimeout = downstream.eventLoop().schedule(this::onPerTryTimeout,
                    deadline.attemptTimeoutNanos(perTry), TimeUnit.NANOSECONDS);
        }
        acquired.read();
        if (!exchange.requestComplete() && acquired.isWritable()) {
            downstream.read();
        }
    }

    @Override
    public void onAcquireFailed(Throwable cause) {
        if (exchange.finished()) {
            return;
        }
        if (cause instanceof PoolExhaustedException) {
            exchange.poolExhausted();
            return;
        }
        exchange.connectFailed(UpstreamTlsFailure.is(cause));
    }

    /** One chunk of the request body from downstream: up now if connected, else kept for the connection to come. */
    void send(HttpContent content) {
        body.accept(content, connection);
    }

    /** A downstream read ended: flush what went up, and read on while the upstream takes more. */
    void onDownstreamReadComplete() {
        if (connection != null) {
            connection.flush();
            if (!exchange.requestComplete() && connection.isWritable()) {
                downstream.read();
            }
        }
    }

    /** The downstream takes response bytes again: read on upstream. */
    void onDownstreamWritable() {
        if (connection != null) {
            connection.read();
        }
    }

    @Override
    public void onUpstreamWritable() {
        if (!exchange.requestComplete() && !exchange.finished()) {
            downstream.read();
        }
    }

    @Override
    public void onResponseObject(HttpObject object) {
        if (exchange.finished()) {
            ReferenceCountUtil.release(object);
            return;
        }
        if (object.decoderResult().isFailure()) {
            ReferenceCountUtil.release(object);
            close();
            exchange.upstreamProtocolError();
            return;
        }
        exchange.onResponseObject(object);
    }

    @Override
    public void onUpstreamReadComplete() {
        downstream.flush();
        if (!exchange.finished() && connection != null && downstream.isWritable()) {
            connection.read();
        }
    }

    @Override
    public void onUpstreamClosed() {
        UpstreamConnection closed = connection;
        connection = null;
        if (exchange.finished()) {
            return;
        }
        if (closed != null && closed.reused() && !resent && exchange.mayResendOnFreshConnection()) {
            resent = true;
            exchange.resending();
            acquire();
            return;
        }
        exchange.upstreamReset();
    }

    /** The HTTP/2 peer refused the stream unprocessed (REFUSED_STREAM, GOAWAY): retriable as refused-stream. */
    @Override
    public void onUpstreamRefused() {
        if (exchange.finished() || exchange.responseBegun()) {
            onUpstreamClosed();
            return;
        }
        connection = null;
        exchange.attemptFailed(AttemptOutcome.refusedStream(), ErrorCause.UPSTREAM_RESET);
    }

    private void onPerTryTimeout() {
        perTryTimeout = null;
        if (connection != null && exchange.awaitingResponse()) {
            close();
            exchange.attemptFailed(AttemptOutcome.perTryTimeout(), ErrorCause.UPSTREAM_TIMEOUT);
        }
    }

    /** The response head went downstream: the connection is reusable only if the response keeps it alive. */
    void responseHeadSent(HttpResponse response) {
        reusable &= HttpUtil.isKeepAlive(response);
    }

    void cancelPerTryTimeout() {
        if (perTryTimeout != null) {
            perTryTimeout.cancel(false);
            perTryTimeout = null;
        }
    }

    /** The response ended: the connection goes back to its pool if both sides completed and it may, else closes. */
    void complete(boolean requestComplete) {
        UpstreamConnection done = connection;
        connection = null;
        if (reusable && requestComplete) {
            done.release();
        } else {
            done.close();
        }
    }

    /** Hands the connection over (to a tunnel): this attempt no longer has it. */
    UpstreamConnection detach() {
        UpstreamConnection detached = connection;
        connection = null;
        return detached;
    }

    /** Abandons the connection, if any. */
    void close() {
        UpstreamConnection open = connection;
        connection = null;
        if (open != null) {
            open.close();
        }
    }
}
