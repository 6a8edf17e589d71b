package io.banyan.sidecar.xds;

import io.banyan.sidecar.SidecarSettings;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one gRPC channel to the control plane, shared by the xDS client and the registration agent.
 * Plaintext for now; transport security (the control plane's CA, our workload certificate) is added
 * in {@link #secure} only.
 */
public final class ControlPlaneChannels implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ControlPlaneChannels.class);
    static final int MAX_INBOUND_MESSAGE_BYTES = 16 * 1024 * 1024;

    private final String target;
    private final ManagedChannel channel;

    public ControlPlaneChannels(SidecarSettings settings) {
        this(settings.controlPlaneHost(), settings.controlPlanePort());
    }

    public ControlPlaneChannels(String host, int port) {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("control-plane port: " + port + " (expected: 1..65535)");
        }
        this.target = host + ":" + port;
        this.channel = secure(NettyChannelBuilder.forAddress(host, port))
                .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES)
                .userAgent("banyan-sidecar")
                .build();
    }

    /** The channel; callers must not shut it down (see {@link #close()}). */
    public ManagedChannel channel() {
        return channel;
    }

    public String target() {
        return target;
    }

    private static NettyChannelBuilder secure(NettyChannelBuilder builder) {
        return builder.usePlaintext();
    }

    @Override
    public void close() {
        channel.shutdown();
        try {
            if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
                channel.shutdownNow();
            }
        } catch (InterruptedException e) {
            channel.shutdownNow();
            Thread.currentThread().interrupt();
        }
        log.debug("closed control-plane channel to {}", target);
    }
}
