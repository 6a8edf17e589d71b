package io.banyan.sidecar.proxy;

import io.banyan.sidecar.core.DrainEvent;
import io.banyan.sidecar.timer.DeadlineTimer;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;

/**
 * The downstream side of one connection (auto-read off): starts an {@link Exchange} per request, feeds it
 * the request body, relays flow-control events, and keeps the connection alive between requests.
 * Pipelined requests wait in a queue until the one before them is answered.
 */
public final class FrontendHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(FrontendHandler.class);

    private final ProxyContext context;
    private ChannelHandlerContext ctx;
    private Exchange current;
    private ArrayDeque<Object> pipelined;
    private boolean closing;
    private boolean draining;
    private DeadlineTimer deadlines;
    private NettyRouteRequest routeView;

    public FrontendHandler(ProxyContext context) {
        this.context = context;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.read();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing || !(msg instanceof HttpObject object)) {
            ReferenceCountUtil.release(msg);
        } else if (object.decoderResult().isFailure()) {
            ReferenceCountUtil.release(msg);
            unparsable(ctx, object);
        } else if (current == null) {
            if (msg instanceof HttpRequest request) {
                current = new Exchange(this, ctx.channel(), context, request);
                current.start();
            } else {
                ReferenceCountUtil.release(msg); // the rest of a body whose request was already answered
            }
        } else if (!current.requestComplete() && msg instanceof HttpContent content) {
            current.onRequestContent(content);
        } else {
            if (pipelined == null) {
                pipelined = new ArrayDeque<>(2);
            }
            pipelined.add(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (current != null) {
            current.onDownstreamReadComplete();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (current != null && ctx.channel().isWritable()) {
            current.onDownstreamWritable();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closing = true;
        Exchange exchange = current;
        current = null;
        if (exchange != null) {
            exchange.onDownstreamClosed();
        }
        releasePipelined();
        closeDeadlines();
        ctx.fireChannelInactive();
    }

    /** Removed from a pipeline that turned into a tunnel: its timer goes with it. */
    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        closeDeadlines();
    }

    private void closeDeadlines() {
        if (deadlines != null) {
            deadlines.close();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof DrainEvent) {
            draining = true;
            if (current == null) {
                closing = true;
                ctx.close();
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("downstream connection {} failed", ctx.channel(), cause);
        ctx.close();
    }

    /** The route-timeout timer shared by this connection's requests. */
    DeadlineTimer deadlines() {
        if (deadlines == null) {
            deadlines = new DeadlineTimer(ctx.channel().eventLoop());
        }
        return deadlines;
    }

    /** Routing's view of {@code request}: one view per connection, re-pointed at each request (they come one by one). */
    NettyRouteRequest routeView(HttpRequest request) {
        if (routeView == null) {
            routeView = new NettyRouteRequest();
        }
        return routeView.of(request);
    }

    /** Whether responses on this connection may keep it open. */
    boolean mayKeepAlive() {
        return !closing && !draining && !context.draining();
    }

    /** The exchange answered; {@code keepAlive} says whether the connection serves another request. */
    void exchangeDone(Exchange exchange, boolean keepAlive) {
        if (current != exchange) {
            return;
        }
        current = null;
        if (!keepAlive) {
            closing = true;
            releasePipelined();
            return;
        }
        // the next request, and as much of its body as was read with it
        while (pipelined != null && !pipelined.isEmpty() && !closing
                && (current == null || !current.requestComplete() && pipelined.peek() instanceof HttpContent)) {
            channelRead(ctx, pipelined.poll());
        }
        if (current != null) {
            current.onDownstreamReadComplete(); // the replay was a read: end it as one (flushes what went upstream)
        }
        if (current == null && !closing) {
            ctx.read();
        }
    }

    /**
     * The http1 guards before this handler answer every malformed request (with its status, counted by reason) and
     * pass nothing of it on; a decoder failure reaching this far means the guards are missing, so the connection is
     * dropped rather than answered twice or proxied.
     */
    private void unparsable(ChannelHandlerContext ctx, HttpObject object) {
        log.warn("{} got an undecodable request past the http1 guards: {}", ctx.channel(), object.decoderResult());
        closing = true;
        releasePipelined();
        if (current != null) {
            current.abort();
        } else {
            ctx.close();
        }
    }

    private void releasePipelined() {
        if (pipelined != null) {
            Object msg;
            while ((msg = pipelined.poll()) != null) {
                ReferenceCountUtil.release(msg);
            }
        }
    }
}
