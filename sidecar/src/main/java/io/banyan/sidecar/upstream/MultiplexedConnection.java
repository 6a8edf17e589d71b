package io.banyan.sidecar.upstream;

import io.banyan.sidecar.metrics.ConnectionCounts;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.ConnectException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One pooled HTTP/2 connection, the last handler of its pipeline, after the codec whose frames its
 * {@link StreamFrames} turn into {@link UpstreamStream}s: opens a stream per exchange while it is ready
 * (the peer's SETTINGS came), not going away and below the peer's SETTINGS_MAX_CONCURRENT_STREAMS; until ready,
 * a bounded queue of acquires waits on it. After a GOAWAY no stream opens on it and it closes once its streams
 * are done; with no stream for the idle timeout it closes too. Touched only on its event loop.
 */
final class MultiplexedConnection extends ChannelInboundHandlerAdapter {

    /** Acquires that may wait for one connection to be ready (RFC 9113 advises peers to allow at least 100 streams). */
    static final int MAX_WAITING = 100;

    /** Receive window of the whole connection, shared by its streams (each has its own, set in our SETTINGS). */
    private static final int CONNECTION_WINDOW = 16 * 1024 * 1024;

    private static final Logger log = LoggerFactory.getLogger(MultiplexedConnection.class);

    private final Http2EndpointPool pool;
    private final long idleTimeoutNanos;
    private final HeldResource slot;
    private final WaitingAcquires waiting = new WaitingAcquires(MAX_WAITING);
    private final StreamFrames frames = new StreamFrames(this);
    private Channel channel;
    private ConnectionCounts gauge;
    private ScheduledFuture<?> establishTimer;
    private ScheduledFuture<?> idleTimer;
    private boolean ready;
    private boolean draining;
    private int activeStreams;
    private int goAwayLastStreamId = Integer.MAX_VALUE;

    /** {@code slot}: the unit of the cluster's {@code CONNECTIONS} this connection holds until it closes. */
    MultiplexedConnection(Http2EndpointPool pool, long idleTimeoutNanos, HeldResource slot) {
        this.pool = pool;
        this.idleTimeoutNanos = idleTimeoutNanos;
        this.slot = slot;
    }

    /** The codec's frame listener: the streams' side of the connection. */
    StreamFrames frames() {
        return frames;
    }

    /** Opens a stream for {@code callback} now if this connection has room for it. */
    boolean tryOpenStream(AcquireCallback callback) {
        if (!ready || draining || !channel.isActive() || activeStreams >= maxConcurrentStreams()) {
            return false;
        }
        openStream(callback);
        return true;
    }

    /** Whether an acquire may wait on this connection: it is still being established and its queue has room. */
    boolean mayWait() {
        return !ready && !draining && !waiting.isFull();
    }

    /** Queues {@code callback}, holding {@code pending}, until this connection is ready; only when {@link #mayWait()}. */
    void await(AcquireCallback callback, AcquireOptions options, HeldResource pending) {
        waiting.add(callback, options, pending);
    }

    /** Gives back the unit of {@code CONNECTIONS}; once closed (or never connected). */
    void releaseSlot() {
        slot.release();
    }

    /** Whether the peer's GOAWAY said it never processed stream {@code streamId}. */
    boolean refusedByGoAway(int streamId) {
        return streamId > goAwayLastStreamId;
    }

    /** TCP is up: counts the connection in {@code gauge} and gives TLS and the peer's SETTINGS the time left. */
    void connected(ConnectionCounts gauge, long establishTimeoutMillis) {
        this.gauge = gauge;
        gauge.opened();
        if (!ready) {
            establishTimer = channel.eventLoop().schedule(this::establishTimedOut, establishTimeoutMillis,
                    TimeUnit.MILLISECONDS);
        }
    }

    /** Establishing failed (connect, TLS, ALPN, timeout): the waiting acquires fail with {@code cause}. */
    void failed(Throwable cause) {
        draining = true;
        cancelTimers();
        waiting.failAll(cause);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        frames.bind(ctx.pipeline().context(Http2ConnectionHandler.class), ctx.pipeline().get(SslHandler.class) != null);
    }

    /** The preface went out (the codec precedes us): widen the connection's receive window beyond the 64 KiB default. */
    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        Http2Connection connection = frames.connection();
        int increment = CONNECTION_WINDOW - connection.local().flowController().windowSize(connection.connectionStream());
        try {
            connection.local().flowController().incrementWindowSize(connection.connectionStream(), increment);
            ctx.flush();
        } catch (Http2Exception e) {
            ctx.fireExceptionCaught(e);
        }
    }

    /** Before the codec flushes what the read produced: the streams that got response parts tell their exchanges. */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        frames.readComplete();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        ReferenceCountUtil.release(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        draining = true;
        if (gauge != null) {
            gauge.closed(activeStreams > 0);
            gauge = null;
        }
        if (!waiting.isEmpty()) {
            failed(new ConnectException("HTTP/2 connection to " + pool.authority() + " closed before it was ready"));
        }
        cancelTimers();
        pool.onClosed(this);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("upstream HTTP/2 connection {} failed", ctx.channel(), cause);
        ctx.close();
    }

    private int maxConcurrentStreams() {
        return frames.connection().local().maxActiveStreams();
    }

    /** The peer's SETTINGS came: the first make the connection ready. */
    void peerSettingsRead() {
        if (!ready && !draining) {
            becameReady();
        }
    }

    /** A GOAWAY was read (the streams above its last stream id are closed already): with none left, close. */
    void goAwayRead() {
        if (activeStreams == 0) {
            channel.close();
        }
    }

    private void becameReady() {
        ready = true;
        cancel(establishTimer);
        establishTimer = null;
        waiting.dispatch(this::tryOpenStream, pool); // those beyond the peer's limit go to another connection
        if (activeStreams == 0) {
            scheduleIdle();
        }
    }

    /** The peer is going away: no stream opens here any more, waiting acquires go elsewhere. */
    void goAway(int lastStreamId) {
        goAwayLastStreamId = Math.min(goAwayLastStreamId, lastStreamId);
        if (draining) {
            return;
        }
        draining = true;
        cancel(idleTimer);
        waiting.dispatch(callback -> false, pool);
    }

    private void openStream(AcquireCallback callback) {
        if (activeStreams++ == 0 && gauge != null) {
            gauge.becameBusy();
        }
        cancel(idleTimer);
        idleTimer = null;
        callback.onAcquired(new UpstreamStream(frames));
    }

    /** One of its streams ended. */
    void streamEnded() {
        if (--activeStreams == 0 && gauge != null) {
            gauge.becameIdle();
        }
        if (activeStreams > 0 || !channel.isActive()) {
            return;
        }
        if (draining) {
            channel.close();
        } else {
            scheduleIdle();
        }
    }

    private void scheduleIdle() {
        cancel(idleTimer);
        idleTimer = channel.eventLoop().schedule(this::idleExpired, idleTimeoutNanos, TimeUnit.NANOSECONDS);
    }

    private void idleExpired() {
        idleTimer = null;
        if (activeStreams == 0 && channel.isActive()) {
            draining = true;
            channel.close();
        }
    }

    private void establishTimedOut() {
        establishTimer = null;
        if (!ready) {
            failed(new ConnectTimeoutException("HTTP/2 connection to " + pool.authority()
                    + " not ready (TLS and the peer's SETTINGS) in time"));
            channel.close();
        }
    }

    private void cancelTimers() {
        cancel(establishTimer);
        establishTimer = null;
        cancel(idleTimer);
        idleTimer = null;
    }

    private static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
