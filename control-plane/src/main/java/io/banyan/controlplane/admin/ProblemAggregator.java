package io.banyan.controlplane.admin;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;

/**
 * Aggregates request bodies up to a cap. Beyond it answers 413 as problem+json and closes the connection: before
 * the body is sent when the client asked {@code Expect: 100-continue}, else once the body passed the cap, lingering
 * (see {@link LingeringClose}) so that a client still sending reads the answer.
 */
final class ProblemAggregator extends HttpObjectAggregator {

    static final int MAX_BODY_BYTES = 1024 * 1024;

    private final AdminDispatcher dispatcher;

    ProblemAggregator(AdminDispatcher dispatcher) {
        super(MAX_BODY_BYTES, true);
        this.dispatcher = dispatcher;
    }

    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        Object response = super.newContinueResponse(start, maxContentLength, pipeline);
        if (response instanceof FullHttpResponse full
                && full.status().code() == HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE.code()) {
            ReferenceCountUtil.release(full);
            return tooLarge(start);
        }
        return response;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        LingeringClose.writeAndClose(ctx, tooLarge(oversized));
    }

    private FullHttpResponse tooLarge(HttpMessage request) {
        if (request instanceof HttpRequest head) {
            dispatcher.countRefused(head.method().name(), new QueryStringDecoder(head.uri()).path(), 413);
        }
        return HttpResponses.problem(new ApiException(413, "payload-too-large", "Payload too large",
                "body: larger than " + MAX_BODY_BYTES + " bytes (expected: at most 1 MiB)", null), false);
    }
}
