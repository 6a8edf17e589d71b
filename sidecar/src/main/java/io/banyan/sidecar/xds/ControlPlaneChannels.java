package io.banyan.sidecar.xds;

import io.banyan.sidecar.SidecarSettings;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one gRPC channel to the control plane, shared by the xDS client, the registration agent and the first
 * certificate request. In a mesh it is TLS: the credentials (from {@code tls.MeshIdentity}) trust the control
 * plane through the join token's pinned CA fingerprint or the trust bundle, and present the current workload
 * certificate once there is one. The plaintext constructors are for tests against plaintext servers only.
 */
public final class ControlPlaneChannels implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ControlPlaneChannels.class);
    static final int MAX_INBOUND_MESSAGE_BYTES = 16 * 1024 * 1024;

    private final String host;
    private final int port;
    private final String target;
    private final ChannelCredentials credentials;
    private final ManagedChannel channel;

    /** Plaintext: tests against plaintext servers only. */
    public ControlPlaneChannels(SidecarSettings settings) {
        this(settings.controlPlaneHost(), settings.controlPlanePort());
    }

    /** Plaintext: tests against plaintext servers only. */
    public ControlPlaneChannels(String host, int port) {
        this(host, port, InsecureChannelCredentials.create());
    }

    /** With {@code credentials}, e.g. {@code MeshIdentity.channelCredentials()} (TLS). */
    public ControlPlaneChannels(String host, int port, ChannelCredentials credentials) {
        this.host = Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("control-plane port: " + port + " (expected: 1..65535)");
        }
        this.port = port;
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.target = host + ":" + port;
        this.channel = build();
    }

    /** The channel; callers must not shut it down (see {@link #close()}). */
    public ManagedChannel channel() {
        return channel;
    }

    /**
     * A new channel with the same credentials, whose first call makes a fresh TLS handshake (presenting the
     * workload certificate current then); the caller shuts it down. Used for certificate renewals.
     */
    public ManagedChannel openDedicated() {
        return build();
    }

    public String target() {
        return target;
    }

    private ManagedChannel build() {
        return NettyChannelBuilder.forAddress(host, port, credentials)
                .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES)
                .userAgent("banyan-sidecar")
                .build();
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
