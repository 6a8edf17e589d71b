package io.banyan.sidecar.mirror;

import io.banyan.dataplane.config.Endpoint;
import io.banyan.sidecar.cluster.ClusterState;
import io.banyan.sidecar.loadbalance.PickContext;
import io.banyan.sidecar.metrics.MirrorMeters;
import io.banyan.sidecar.metrics.MirrorOutcome;
import io.banyan.sidecar.upstream.AcquireCallback;
import io.banyan.sidecar.upstream.PoolExhaustedException;
import io.banyan.sidecar.upstream.UpstreamAcquirer;
import io.banyan.sidecar.upstream.UpstreamConnection;
import io.banyan.sidecar.upstream.UpstreamListener;
import io.netty.channel.Channel;
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
 * whole request at once, then drains the response, counting its status class, until it ends or the timeout fires.
 * Never retried; nothing of it reaches the caller. Ends exactly once, counted with a {@link MirrorOutcome}.
 */
final class ShadowRequest implements AcquireCallback, UpstreamListener {

    private enum State { BUFFERING, CONNECTING, SENT, ENDED }

    private final HttpRequest head;
    private final ClusterState cluster;
    private final MirrorMeters meters;
    private final UpstreamAcquirer pool;
    private final EventLoop loop;
    private final int bodyLimit;
    private final long timeoutNanos;
    private final ArrayDeque<HttpContent> body = new ArrayDeque<>(4);
    private State state = State.BUFFERING;
    private int bodyBytes;
    private UpstreamConnection connection;
    private ScheduledFuture<?> timeout;
    private int status;
    private boolean reusable;

    /** Holds a slot of {@code meters}' bound already: it gives it back when it ends. */
    ShadowRequest(HttpRequest head, ClusterState cluster, MirrorMeters meters, UpstreamAcquirer pool, EventLoop loop,
                  int bodyLimit, long timeoutNanos) {
        this.head = head;
        this.cluster = cluster;
        this.meters = meters;
        this.pool = pool;
        this.loop = loop;
        this.bodyLimit = bodyLimit;
        this.timeoutNanos = timeoutNanos;
    }

    /** One chunk of the request's body as it goes up (not taken: a duplicate is kept); the last one sends the copy. */
    void offer(HttpContent content) {
        if (state != State.BUFFERING) {
            return;
        }
        bodyBytes += content.content().readableBytes();
        if (bodyBytes > bodyLimit || bodyBytes < 0) {
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
        Endpoint endpoint = cluster.loadBalancer().pick(PickContext.FIRST);
        if (endpoint == null) {
            end(MirrorOutcome.DROPPED_NO_UPSTREAM);
            return;
        }
        state = State.CONNECTING;
        timeout = loop.schedule(this::onTimeout, timeoutNanos, TimeUnit.NANOSECONDS);
        pool.acquire(loop, cluster.config(), cluster.thresholds(), endpoint, cluster.meters().upstreamConnections(),
                this);
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
        Channel channel = acquired.channel();
        channel.write(head, channel.voidPromise());
        HttpContent chunk;
        while ((chunk = body.poll()) != null) {
            channel.write(chunk, channel.voidPromise());
        }
        channel.flush();
        meters.record(MirrorOutcome.SENT);
        channel.read();
    }

    @Override
    public void onAcquireFailed(Throwable cause) {
        end(cause instanceof PoolExhaustedException ? MirrorOutcome.DROPPED_OVERFLOW : MirrorOutcome.FAILED);
    }

    @Override
    public void onResponseObject(HttpObject object) {
        try {
            if (state != State.SENT) {
                return;
            }
            if (object.decoderResult().isFailure()) {
                closeConnection();
                end(MirrorOutcome.FAILED);
                return;
            }
            if (object instanceof HttpResponse response) {
                status = response.status().code();
                reusable &= HttpUtil.isKeepAlive(response);
            }
            if (object instanceof LastHttpContent && status >= 200) {
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
            connection.channel().read(); // drained as fast as it comes: nobody waits for these bytes
        }
    }

    @Override
    public void onUpstreamWritable() {
        // the whole copy was written at once; nothing waits for writability
    }

    @Override
    public void onUpstreamClosed() {
        connection = null;
        end(MirrorOutcome.FAILED);
    }

    private void onTimeout() {
        timeout = null;
        if (state == State.CONNECTING || state == State.SENT) {
            closeConnection();
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
        meters.record(outcome);
        meters.ended();
    }
}
