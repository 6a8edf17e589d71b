package io.banyan.adminserver;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The admin port's slow-client clocks, one scheduled task per connection on its event loop: a request head must
 * arrive within the header timeout of its first byte and its body may pause no longer (else 408 as problem+json when
 * no earlier answer is pending, then a lingering close); a connection waits at most the idle timeout for its next
 * request (then closes). While a request is being handled no clock runs. The sidecar's
 * {@code http1.SlowClientTimeouts} keeps the same clocks for the data plane, tuned for its traffic; a low-traffic
 * admin port needs no re-armed timer.
 */
final class AdminTimeouts extends ChannelDuplexHandler {

    /** Which clock is running: the {@code timeout} tag of the counter. */
    private enum Clock {
        HEADER("header"), BODY("body"), IDLE("idle");

        final String tag;

        Clock(String tag) {
            this.tag = tag;
        }
    }

    private final Duration headerTimeout;
    private final Duration idleTimeout;
    private final MeterRegistry meters;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> task;
    private Clock running;
    private long requests;
    private long responses;
    private boolean inBody;
    private boolean readMessage;
    private boolean expired;

    AdminTimeouts(Duration headerTimeout, Duration idleTimeout, MeterRegistry meters) {
        this.headerTimeout = headerTimeout;
        this.idleTimeout = idleTimeout;
        this.meters = meters;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (ctx.channel().isActive()) {
            start(Clock.IDLE);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (running == null) {
            start(Clock.IDLE);
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        readMessage = true;
        if (msg instanceof HttpRequest) {
            requests++;
            inBody = true;
            start(Clock.BODY);
        } else if (msg instanceof HttpContent && inBody) {
            start(Clock.BODY);
        }
        if (msg instanceof LastHttpContent && inBody) {
            inBody = false;
            stop(); // the request is being handled now
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (!readMessage && !inBody && running != Clock.HEADER) {
            start(Clock.HEADER); // bytes came but no head yet: the head's clock starts
        }
        readMessage = false;
        ctx.fireChannelReadComplete();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof FullHttpResponse && isFinal((FullHttpResponse) msg)) {
            responses++;
            if (responses >= requests && !inBody && running == null) {
                start(Clock.IDLE);
            }
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stop();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stop();
    }

    private static boolean isFinal(FullHttpResponse response) {
        return response.status().codeClass() != HttpStatusClass.INFORMATIONAL;
    }

    private void start(Clock clock) {
        stop();
        running = clock;
        long nanos = (clock == Clock.IDLE ? idleTimeout : headerTimeout).toNanos();
        task = ctx.executor().schedule(() -> expire(clock), nanos, TimeUnit.NANOSECONDS);
    }

    private void stop() {
        running = null;
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }

    private void expire(Clock clock) {
        if (running != clock || expired) {
            return;
        }
        expired = true;
        running = null;
        task = null;
        meters.counter(AdminMetricNames.TIMEOUTS, "timeout", clock.tag).increment();
        boolean mayAnswer = clock != Clock.IDLE && responses == requests - (clock == Clock.BODY ? 1 : 0);
        if (mayAnswer) {
            LingeringClose.writeAndClose(ctx, HttpResponses.problem(new ApiException(408, "request-timeout",
                    "Request timeout", "request: not received within " + headerTimeout.toMillis()
                    + " ms (expected: the head within the header timeout of its first byte, the body without "
                    + "a longer pause)", null), false));
        } else {
            ctx.close();
        }
    }
}
