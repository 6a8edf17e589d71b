package io.banyan.sidecar.proxy;

import io.banyan.dataplane.config.ClusterConfig;
import io.banyan.dataplane.config.Endpoint;
import io.banyan.sidecar.metrics.ConnectionCounts;
import io.banyan.sidecar.resilience.ClusterThresholds;
import io.banyan.sidecar.upstream.AcquireCallback;
import io.banyan.sidecar.upstream.UpstreamAcquirer;
import io.banyan.sidecar.upstream.UpstreamConnection;
import io.banyan.sidecar.upstream.UpstreamListener;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpObject;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake connection pool for exchange tests: records each acquire, which the test then answers with a
 * {@link Connection} (an {@link EmbeddedChannel} that keeps what the exchange writes and counts its reads) or a
 * failure. Single-threaded, as the event loop it stands in for.
 */
final class FakeUpstreams implements UpstreamAcquirer {

    /** One pending acquire. */
    record Acquire(Endpoint endpoint, AcquireCallback callback) {
    }

    private final ArrayDeque<Acquire> pending = new ArrayDeque<>();
    private final List<Connection> handedOut = new ArrayList<>();

    @Override
    public void acquire(EventLoop loop, ClusterConfig cluster, ClusterThresholds thresholds, Endpoint endpoint,
                        ConnectionCounts gauge, AcquireCallback callback) {
        pending.add(new Acquire(endpoint, callback));
    }

    /** The oldest unanswered acquire; fails if there is none. */
    Acquire next() {
        Acquire next = pending.poll();
        if (next == null) {
            throw new AssertionError("no acquire is pending");
        }
        return next;
    }

    int pendingCount() {
        return pending.size();
    }

    /** Answers the oldest acquire with a new connection ({@code reused}: as if it came out of the pool). */
    Connection connect(boolean reused) {
        return answer(next(), reused);
    }

    /** Answers {@code acquire} (taken with {@link #next()}) with a new connection. */
    Connection answer(Acquire acquire, boolean reused) {
        Connection connection = new Connection(reused);
        handedOut.add(connection);
        acquire.callback().onAcquired(connection);
        return connection;
    }

    /** Whether every connection handed out is done and none holds a message: the leak check of the upstream side. */
    boolean finishAndReleaseAll() {
        boolean any = false;
        for (Connection connection : handedOut) {
            any |= connection.channel.finishAndReleaseAll();
        }
        return any;
    }

    /** A fake upstream connection on an embedded channel. */
    static final class Connection implements UpstreamConnection {

        final EmbeddedChannel channel;
        final AtomicInteger reads = new AtomicInteger();
        private final boolean reused;
        private UpstreamListener listener;
        boolean released;
        boolean closed;

        Connection(boolean reused) {
            this.reused = reused;
            this.channel = new EmbeddedChannel(new ChannelOutboundHandlerAdapter() {
                @Override
                public void read(ChannelHandlerContext ctx) {
                    reads.incrementAndGet();
                    ctx.read();
                }
            });
        }

        /** What the exchange attached, to play the upstream's events; fails once it was released or closed. */
        UpstreamListener listener() {
            if (listener == null) {
                throw new AssertionError("no exchange is attached");
            }
            return listener;
        }

        /** Makes the upstream (un)writable, as a full socket buffer would. */
        void writable(boolean writable) {
            channel.unsafe().outboundBuffer().setUserDefinedWritability(1, writable);
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
        public Channel channel() {
            return channel;
        }

        @Override
        public boolean reused() {
            return reused;
        }

        @Override
        public void attach(UpstreamListener attached) {
            this.listener = attached;
        }

        @Override
        public void release() {
            listener = null;
            released = true;
        }

        @Override
        public void close() {
            listener = null;
            closed = true;
        }
    }
}
