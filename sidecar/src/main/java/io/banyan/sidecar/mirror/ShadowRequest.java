package io.banyan.sidecar.mirror;

import io.banyan.dataplane.config.Endpoint;
import io.banyan.sidecar.cluster.ClusterState;
import io.banyan.sidecar.core.ErrorCause;
import io.banyan.sidecar.loadstats.LoadSink;
import io.banyan.sidecar.loadbalance.PickContext;
import io.banyan.sidecar.metrics.MirrorMeters;
import io.banyan.sidecar.metrics.MirrorOutcome;
import io.banyan.sidecar.upstream.AcquireCallback;
import io.banyan.sidecar.upstream.PoolExhaustedException;
import io.banyan.sidecar.upstream.UpstreamConnection;
import io.banyan.sidecar.upstream.UpstreamListener;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One shadow copy of a request, on the request's event loop. It holds a slot of its cluster's in-flight bound from
 * birth to end; keeps retained duplicates of the body chunks as they stream by, up to a limit (beyond it, drops
 * them: nothing is sent); once the body is complete, picks an endpoint, gets a pooled connection and writes the
 * whole request at once, then drains the response, counting its status class, until it ends or the timeout fires;
 * with a {@link ShadowPair}, the response is shown to it on the way (compared with the live one). Never retried;
 * nothing of it reaches the caller. Ends exactly once, counted with a {@link MirrorOutcome}; from the endpoint pick
 * on, it is also counted in the {@link LoadSink} (started, then ended with its zone, status, cause and duration).
 */
final class ShadowRequest implements AcquireCallback, UpstreamListener {

    private enum State { BUFFERING, CONNECTING, SENT, ENDED }

    private final HttpRequest head;
    private final ClusterState cluster;
    private final MirrorMeters meters;
    private final ShadowEnvironment environment;
    private final EventLoop loop;
    private final long timeoutNanos;
    private final ShadowPair pair;
    private final ArrayDeque<HttpContent> body = new ArrayDeque<>(4);
    private State state = State.BUFFERING;
    private int bodyBytes;
    private UpstreamConnection connection;
    private ScheduledFuture<?> timeout;
    private int status;
    private boolean reusable;
    private Endpoint endpoint;
    /** When the copy was counted as started in the load sink; -1 while it was not. */
    private long startNanos = -1;
    private boolean answered;
    private ErrorCause failure;

    /**
     * Holds a slot of {@code meters}' bound already: it gives it back when it ends.
     *
     * @param pair compares the copy's answer with the live one; null: not compared
     */
    ShadowRequest(HttpRequest head, ClusterState cluster, MirrorMeters meters, ShadowEnvironment environment,
                  EventLoop loop, long timeoutNanos, ShadowPair pair) {
        this.head = head;
        this.cluster = cluster;
        this.meters = meters;
        this.environment = environment;
        this.loop = loop;
        this.timeoutNanos = timeoutNanos;
        this.pair = pair;
    }

    /** One chunk of the request's body as it goes up (not taken: a duplicate is kept); the last one sends the copy. */
    void offer(HttpContent content) {
        if (state != State.BUFFERING) {
            return;
        }
        bodyBytes += content.content().readableBytes();
        if (bodyBytes > environment.bodyLimit() || bodyBytes < 0) {
            end(MirrorOutcome.DROPPED_BODY_TOO_LARGE);
            return;
        }
        body.add(content.retainedDuplicate());
        if (content instanceof LastHttpContent) {
            send();
        }
    }

    /** The request ended: a copy whose body is not complete is dropped; one sent goes on by itself. */
    void requestEnded() {
        if (state == State.BUFFERING) {
            end(MirrorOutcome.DROPPED_INCOMPLETE);
        }
    }

    private void send() {
        startNanos = environment.ticker().nanoTime();
        environment.loadSink().started(cluster.config().name());
        endpoint = cluster.loadBalancer().pick(PickContext.FIRST);
        if (endpoint == null) {
            failure = ErrorCause.NO_HEALTHY_UPSTREAM;
            end(MirrorOutcome.DROPPED_NO_UPSTREAM);
            return;
        }
        state = State.CONNECTING;
        timeout = loop.schedule(this::onTimeout, timeoutNanos, TimeUnit.NANOSECONDS);
        environment.pool().acquire(loop, cluster.config(), cluster.thresholds(), endpoint,
                cluster.meters().upstreamConnections(), this);
    }

    @Override
    public void onAcquired(UpstreamConnection acquired) {
        if (state != State.CONNECTING) {
            acquired.release(); // timed out while connecting: nothing was written on it
            return;
        }
        connection = acquired;
        state = State.SENT;
        acquired.attach(this);
        reusable = HttpUtil.isKeepAlive(head);
        acquired.write(head);
        HttpContent chunk;
        while ((chunk = body.poll()) != null) {
            acquired.write(chunk);
        }
        acquired.flush();
        meters.record(MirrorOutcome.SENT);
        acquired.read();
    }

    @Override
    public void onAcquireFailed(Throwable cause) {
        boolean full = cause instanceof PoolExhaustedException;
        failure = full ? ErrorCause.OVERFLOW : ErrorCause.CONNECT_FAILURE;
        end(full ? MirrorOutcome.DROPPED_OVERFLOW : MirrorOutcome.FAILED);
    }

    @Override
    public void onResponseObject(HttpObject object) {
        try {
            if (state != State.SENT) {
                return;
            }
            if (object.decoderResult().isFailure()) {
                closeConnection();
                failure = ErrorCause.UPSTREAM_PROTOCOL_ERROR;
                end(MirrorOutcome.FAILED);
                return;
            }
            if (object instanceof HttpResponse response) {
                status = response.status().code();
                reusable &= HttpUtil.isKeepAlive(response);
            }
            if (pair != null) {
                pair.offerShadow(object);
            }
            if (object instanceof LastHttpContent && status >= 200) {
                answered = true;
                meters.recordResponse(status);
                UpstreamConnection done = connection;
                connection = null;
                if (reusable) {
                    done.release();
                } else {
                    done.close();
                }
                end(status < 500 ? MirrorOutcome.SUCCESS : MirrorOutcome.FAILED);
            } // the end of a 1xx: the final response follows
        } finally {
            ReferenceCountUtil.release(object);
        }
    }

    @Override
    public void onUpstreamReadComplete() {
        if (connection != null) {
            connection.read(); // drained as fast as it comes: nobody waits for these bytes
        }
    }

    @Override
    public void onUpstreamWritable() {
        // the whole copy was written at once; nothing waits for writability
    }

    @Override
    public void onUpstreamClosed() {
        connection = null;
        failure = ErrorCause.UPSTREAM_RESET;
        end(MirrorOutcome.FAILED);
    }

    private void onTimeout() {
        timeout = null;
        if (state == State.CONNECTING || state == State.SENT) {
            closeConnection();
            failure = ErrorCause.UPSTREAM_TIMEOUT;
            end(MirrorOutcome.TIMEOUT);
        }
    }

    private void closeConnection() {
        UpstreamConnection open = connection;
        connection = null;
        if (open != null) {
            open.close();
        }
    }

    private void end(MirrorOutcome outcome) {
        if (state == State.ENDED) {
            return;
        }
        state = State.ENDED;
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
        HttpContent chunk;
        while ((chunk = body.poll()) != null) {
            chunk.release();
        }
        if (startNanos >= 0) {
            environment.loadSink().ended(cluster.config().name(), endpoint == null ? "" : endpoint.zone(), status,
                    answered ? null : failure, environment.ticker().nanoTime() - startNanos);
        }
        if (pair != null) {
            pair.shadowEnded(!answered && outcome.dropped());
        }
        meters.record(outcome);
        meters.ended();
    }
}
