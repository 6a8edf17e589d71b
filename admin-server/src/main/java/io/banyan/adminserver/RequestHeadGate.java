package io.banyan.adminserver;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;

/**
 * Decides on each request head, before any of its body is read or buffered: a head the codec could not decode
 * (400, 414, 431), a request the process's {@link AdminGate} refuses or with an unknown method
 * ({@link AdminDispatcher#admit}), or, on a connection over the connection limit, anything but the open routes (503)
 * is refused
 * with a {@link Refusal}; the rest of that connection's input is dropped.
 */
final class RequestHeadGate extends ChannelInboundHandlerAdapter {

    private final AdminDispatcher dispatcher;
    private final boolean probesOnly;
    private final int maxConnections;
    private boolean refused;

    /**
     * @param probesOnly     the connection is one of the few kept beyond the limit for probes and scrapers
     * @param maxConnections the limit, for the 503's message
     */
    RequestHeadGate(AdminDispatcher dispatcher, boolean probesOnly, int maxConnections) {
        this.dispatcher = dispatcher;
        this.probesOnly = probesOnly;
        this.maxConnections = maxConnections;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest head) {
            AdminResponse refusal = refusal(head);
            if (refusal != null) {
                refused = true;
                ReferenceCountUtil.release(msg);
                ctx.fireChannelRead(new Refusal(refusal));
                return;
            }
        } else if (!(msg instanceof HttpContent)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private AdminResponse refusal(HttpRequest head) {
        if (head.decoderResult().isFailure()) {
            ApiException problem = DecoderFailures.problem(head.decoderResult().cause());
            dispatcher.countRefused("", null, problem.status());
            return Problem.of(problem, null).toResponse();
        }
        String path = new QueryStringDecoder(head.uri()).path();
        AdminResponse refusal = dispatcher.admit(AdminHandler.request(head, path, null));
        if (refusal != null || !probesOnly || dispatcher.isOpen(path)) {
            return refusal;
        }
        ApiException full = new ApiException(503, "too-many-connections", "Too many connections",
                "connections: the admin API's limit of " + maxConnections + " is reached (expected: fewer open "
                        + "connections; " + String.join(", ", dispatcher.openTemplates()) + " still answer)", null);
        dispatcher.countRefused(head.method().name(), path, full.status());
        return Problem.of(full, path).toResponse().withHeader("Retry-After", "1");
    }
}
