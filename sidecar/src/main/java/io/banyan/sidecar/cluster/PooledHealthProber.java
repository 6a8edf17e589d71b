package io.banyan.sidecar.cluster;

import io.banyan.dataplane.config.Endpoint;
import io.banyan.dataplane.config.EndpointHealthCheck;
import io.banyan.sidecar.metrics.ConnectionCounts;
import io.banyan.sidecar.upstream.AcquireCallback;
import io.banyan.sidecar.upstream.ConnectionPool;
import io.banyan.sidecar.upstream.UpstreamConnection;
import io.banyan.sidecar.upstream.UpstreamListener;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Health checks over the data plane's own upstream connections (mutual TLS towards mesh endpoints): a
 * GET of the check's path on a connection of its own, on an event loop; any 2xx within the timeout passes.
 */
public final class PooledHealthProber implements HealthProber {

    private static final String CLUSTER = "health-check";

    private final ConnectionPool pool;
    private final EventLoopGroup loops;
    private final ConnectionCounts connections = new ConnectionCounts();

    public PooledHealthProber(ConnectionPool pool, EventLoopGroup loops) {
        this.pool = pool;
        this.loops = loops;
    }

    @Override
    public CompletableFuture<Boolean> probe(Endpoint endpoint, EndpointHealthCheck check) {
        Probe probe = new Probe(endpoint, check, loops.next());
        probe.loop.execute(probe::start);
        return probe.result;
    }

    private final class Probe implements AcquireCallback, UpstreamListener {

        private final Endpoint endpoint;
        private final EndpointHealthCheck check;
        private final EventLoop loop;
        private final CompletableFuture<Boolean> result = new CompletableFuture<>();
        private UpstreamConnection connection;
        private ScheduledFuture<?> timeout;
        private int status;

        Probe(Endpoint endpoint, EndpointHealthCheck check, EventLoop loop) {
            this.endpoint = endpoint;
            this.check = check;
            this.loop = loop;
        }

        void start() {
            timeout = loop.schedule(() -> finish(false), check.timeout().toNanos(), TimeUnit.NANOSECONDS);
            pool.acquire(loop, CLUSTER + "|" + endpoint.authority(), endpoint, check.timeout().toMillis(), connections, this);
        }

        @Override
        public void onAcquired(UpstreamConnection acquired) {
            if (result.isDone()) {
                acquired.close();
                return;
            }
            connection = acquired;
            acquired.attach(this);
            FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, check.path());
            request.headers().set(HttpHeaderNames.HOST, endpoint.authority())
                    .set(HttpHeaderNames.USER_AGENT, "banyan-health-checker")
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
            acquired.write(request);
            acquired.flush();
            acquired.read();
        }

        @Override
        public void onAcquireFailed(Throwable cause) {
            finish(false);
        }

        @Override
        public void onResponseObject(HttpObject object) {
            try {
                if (object instanceof HttpResponse response) {
                    status = response.status().code();
                }
                if (object instanceof LastHttpContent) {
                    finish(status >= 200 && status < 300);
                }
            } finally {
                ReferenceCountUtil.release(object);
            }
        }

        @Override
        public void onUpstreamReadComplete() {
            if (!result.isDone() && connection != null) {
                connection.read();
            }
        }

        @Override
        public void onUpstreamWritable() {
        }

        @Override
        public void onUpstreamClosed() {
            connection = null;
            finish(false);
        }

        private void finish(boolean passed) {
            if (result.complete(passed)) {
                if (timeout != null) {
                    timeout.cancel(false);
                }
                UpstreamConnection open = connection;
                connection = null;
                if (open != null) {
                    open.close();
                }
            }
        }
    }
}
