package io.banyan.adminserver;

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
 * Aggregates request bodies up to a cap ({@link AdminLimits#maxBodyBytes()}). Beyond it answers 413 as problem+json and closes the connection: before
 * the body is sent when the client asked {@code Expect: 100-continue}, else once the body passed the cap, lingering
 * (see {@link LingeringClose}) so that a client still sending reads the answer.
 */
final class ProblemAggregator extends HttpObjectAggregator {

    static final int MAX_BODY_BYTES = AdminLimits.DEFAULT_MAX_BODY_BYTES;

    private final AdminDispatcher dispatcher;
    private final int maxBytes;

    ProblemAggregator(AdminDispatcher dispatcher) {
        this(dispatcher, MAX_BODY_BYTES);
    }

    ProblemAggregator(AdminDispatcher dispatcher, int maxBytes) {
        super(maxBytes, true);
        this.dispatcher = dispatcher;
        this.maxBytes = maxBytes;
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
                "body: larger than " + maxBytes + " bytes (expected: at most " + readable(maxBytes) + ")", null), false);
    }

    /** {@code 1 MiB}, {@code 16 KiB} or {@code 100 bytes}. */
    static String readable(int bytes) {
        if (bytes > 0 && bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MiB";
        }
        return bytes > 0 && bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " bytes";
    }
}
