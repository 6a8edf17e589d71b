package io.banyan.sidecar.upstream;

import io.banyan.sidecar.metrics.ConnectionCounts;
import io.banyan.sidecar.timer.DeadlineTimer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpObject;
import io.netty.util.ReferenceCountUtil;

/**
 * One pooled HTTP/1.1 upstream connection, the last handler of its pipeline: hands response parts to the attached
 * exchange, and while idle in the pool watches for the peer closing it or the idle timeout (one re-armed timer:
 * nothing scheduled or cancelled per request).
 */
final class Http1Connection extends AttachedListener implements UpstreamConnection {

    private final EndpointPool pool;
    private final long idleTimeoutNanos;
    private final Runnable idleExpiry = this::closeIfIdle;
    private DeadlineTimer idleTimer;
    private Channel channel;
    private ConnectionCounts gauge;
    /** Lent out to an exchange (between an acquire and its release), counted as in use. */
    private boolean lent;
    private HeldResource slot = HeldResource.NONE;
    private boolean reused;

    Http1Connection(EndpointPool pool, long idleTimeoutNanos) {
        this.pool = pool;
        this.idleTimeoutNanos = idleTimeoutNanos;
    }

    @Override
    public Channel channel() {
        return channel;
    }

    @Override
    public void write(HttpObject part) {
        channel.write(part, channel.voidPromise());
    }

    @Override
    public void flush() {
        channel.flush();
    }

    @Override
    public void read() {
        channel.read();
    }

    @Override
    public boolean isWritable() {
        return channel.isWritable();
    }

    @Override
    public boolean reused() {
        return reused;
    }

    void markReused() {
        reused = true;
    }

    /** Returns the connection to its pool for reuse (the response was complete and both sides keep alive). */
    @Override
    public void release() {
        listener = null;
        if (lent && gauge != null) {
            gauge.becameIdle();
        }
        lent = false;
        if (channel.isActive()) {
            pool.release(this);
            channel.read(); // notice the peer closing while idle
            idleTimer.arm(idleExpiry, idleTimeoutNanos);
        }
    }

    @Override
    public void attach(UpstreamListener listener) {
        super.attach(listener);
        idleTimer.disarm(idleExpiry);
    }

    /** Closes the connection; it is not reused. */
    @Override
    public void close() {
        listener = null;
        channel.close();
    }

    /** The cluster's unit of {@code CONNECTIONS} this connection holds until it closes. */
    void hold(HeldResource slot) {
        this.slot = slot;
    }

    void countIn(ConnectionCounts gauge) {
        this.gauge = gauge;
        gauge.opened();
    }

    /** Handed to an exchange: in use until {@link #release()} or its close. */
    void lend() {
        if (!lent && gauge != null) {
            gauge.becameBusy();
        }
        lent = true;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        idleTimer = new DeadlineTimer(channel.eventLoop());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        UpstreamListener current = listener;
        if (current != null && msg instanceof HttpObject object) {
            current.onResponseObject(object);
        } else {
            ReferenceCountUtil.release(msg);
            ctx.close(); // nothing was asked: the connection is out of step
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        idleTimer.close();
        if (gauge != null) {
            gauge.closed(lent);
            gauge = null;
        }
        lent = false;
        slot.release();
        pool.onClosed(this);
        UpstreamListener current = listener;
        listener = null;
        if (current != null) {
            current.onUpstreamClosed();
        }
    }

    private void closeIfIdle() {
        if (listener == null) {
            channel.close();
        }
    }
}
