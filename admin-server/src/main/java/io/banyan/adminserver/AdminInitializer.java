package io.banyan.adminserver;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;

import java.util.concurrent.Executor;

/**
 * Builds an admin connection's pipeline, or closes a connection over the limit: HTTP codec, slow-client clocks,
 * the head gate (auth, methods, probes-only connections), 1 MiB aggregator, admin handler.
 */
final class AdminInitializer extends ChannelInitializer<SocketChannel> {

    static final String CODEC = "http-codec";
    static final String TIMEOUTS = "timeouts";
    static final String GATE = "head-gate";
    static final String AGGREGATOR = "aggregator";
    static final String HANDLER = "admin-handler";

    private final AdminDispatcher dispatcher;
    private final Executor executor;
    private final ChannelGroup connections;
    private final AdminLimits limits;
    private final ConnectionLimit connectionLimit;
    private final MeterRegistry meters;

    AdminInitializer(AdminDispatcher dispatcher, Executor executor, ChannelGroup connections, AdminLimits limits,
                     ConnectionLimit connectionLimit, MeterRegistry meters) {
        this.dispatcher = dispatcher;
        this.executor = executor;
        this.connections = connections;
        this.limits = limits;
        this.connectionLimit = connectionLimit;
        this.meters = meters;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ConnectionLimit.Admission admission = connectionLimit.admit();
        if (admission == ConnectionLimit.Admission.REFUSED) {
            ch.close();
            return;
        }
        ch.closeFuture().addListener(closed -> connectionLimit.release());
        connections.add(ch);
        boolean probesOnly = admission == ConnectionLimit.Admission.PROBES_ONLY;
        // a probes-only connection waits for its one request no longer than a head may take
        ch.pipeline()
                .addLast(CODEC, new HttpServerCodec(DecoderFailures.MAX_REQUEST_LINE_BYTES, DecoderFailures.MAX_HEADER_BYTES,
                        8192))
                .addLast(TIMEOUTS, new AdminTimeouts(limits.headerTimeout(),
                        probesOnly ? limits.headerTimeout() : limits.idleTimeout(), meters))
                .addLast(GATE, new RequestHeadGate(dispatcher, probesOnly, connectionLimit.max()))
                .addLast(AGGREGATOR, new ProblemAggregator(dispatcher, limits.maxBodyBytes()))
                .addLast(HANDLER, new AdminHandler(dispatcher, executor, probesOnly));
    }
}
