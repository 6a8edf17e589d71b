package io.banyan.sidecar.upstream;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One pooled HTTP/1.1 upstream connection, the last handler of its pipeline: hands response parts to the attached
 * exchange, and while idle in the pool watches for the peer closing it or the idle timeout.
 */
final class Http1Connection extends AttachedListener implements UpstreamConnection {


    private final EndpointPool pool;
    private Channel channel;
    private AtomicInteger gauge;
    private HeldResource slot = HeldResource.NONE;
    private boolean reused;

    Http1Connection(EndpointPool pool) {
        this.pool = pool;
    }

    @Override
    public Channel channel() {
        return channel;
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
        if (channel.isActive()) {
            pool.release(this);
            channel.read(); // notice the peer closing while idle
        }
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

    void countIn(AtomicInteger gauge) {
        this.gauge = gauge;
        gauge.incrementAndGet();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
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
        if (gauge != null) {
            gauge.decrementAndGet();
            gauge = null;
        }
        slot.release();
        pool.onClosed(this);
        UpstreamListener current = listener;
        listener = null;
        if (current != null) {
            current.onUpstreamClosed();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent && listener == null) {
            ctx.close();
        }
        ReferenceCountUtil.release(evt);
    }

}
