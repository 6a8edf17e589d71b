package io.banyan.sidecar.xds;

import io.banyan.primitives.time.Backoff;
import io.banyan.primitives.time.Jitter;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC channels to the control plane, always to the replica in use of its {@link ControlPlaneEndpoints}
 * ({@code --control-plane A,B,...}; one replica by the host/port constructors): the shared channel of the first
 * certificate request, and dedicated ones for the xDS client, the registration agent and the load reporter
 * ({@link CertificateBoundChannel}) and for renewals; after a failover each follows to the next replica. In a mesh
 * they are TLS: the credentials (from {@code tls.MeshIdentity}) trust the control plane through the join token's
 * pinned CA fingerprint or the trust bundle (any replica's serving certificate from the mesh's CA), and present the
 * current workload certificate once there is one. The plaintext constructors are for tests against plaintext servers only.
 *
 * <p>The transport is grpc-netty on the data plane's own Netty: given the data plane's event loop group and
 * channel type, the channels run on those loops, so the sidecar has one Netty and one set of I/O threads (no
 * grpc-netty-shaded copy with its own threads, allocator arenas, BoringSSL and epoll libraries). Their buffers are
 * unpooled: a few KB per config push or heartbeat do not justify arena chunks of their own, and taking them from the
 * data plane's pooled allocator bound a second 4 MiB arena chunk to the gRPC executor threads. Without a group
 * (tests), gRPC uses its own default loops and allocator.
 *
 * <p>A {@link ReconnectPacer} keeps the channel's reconnects on {@link ControlPlaneChannels#RECONNECT_BACKOFF} (seconds, not gRPC's
 * minutes) and runs the {@link #onReconnected} actions whenever the channel connects again.
 */
public final class ControlPlaneChannels implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ControlPlaneChannels.class);
    static final int MAX_INBOUND_MESSAGE_BYTES = 16 * 1024 * 1024;

    /**
     * The backoff of everything that retries the control plane (the ADS stream, the registration agent, the
     * channel's own reconnects): 500 ms doubling up to 10 s, each minus up to half of it (equal jitter), so that
     * sidecars do not all retry a restarted control plane at once: seconds, never minutes.
     */
    public static final Backoff RECONNECT_BACKOFF =
            Backoff.exponential(Duration.ofMillis(500), Duration.ofSeconds(10)).withJitter(Jitter.EQUAL);

    private final ControlPlaneEndpoints endpoints;
    private final ChannelCredentials credentials;
    private final EventLoopGroup group;
    private final Class<? extends Channel> channelType;
    private final Backoff reconnectBackoff;
    private final List<Runnable> onReconnected = new CopyOnWriteArrayList<>();
    // Guarded by this: the shared channel follows the replica in use (see channel()).
    private ManagedChannel channel;
    private ControlPlaneAddress channelTarget;
    private ReconnectPacer pacer;

    /** Plaintext: tests against plaintext servers only. */
    public ControlPlaneChannels(String host, int port) {
        this(host, port, InsecureChannelCredentials.create());
    }

    /** With {@code credentials}, e.g. {@code MeshIdentity.channelCredentials()} (TLS), on gRPC's own event loops. */
    public ControlPlaneChannels(String host, int port, ChannelCredentials credentials) {
        this(host, port, credentials, null, null);
    }

    /**
     * With {@code credentials} on the data plane's event loops: {@code group} and the socket {@code channelType}
     * that goes with its transport ({@code EventLoops.group()}, {@code EventLoops.socketChannelType()}). The group
     * is not shut down here; close this before the group.
     */
    public ControlPlaneChannels(String host, int port, ChannelCredentials credentials, EventLoopGroup group,
                                Class<? extends Channel> channelType) {
        this(host, port, credentials, group, channelType, ControlPlaneChannels.RECONNECT_BACKOFF);
    }

    /** As above, with the backoff of the channel's reconnects while the control plane is unreachable. */
    public ControlPlaneChannels(String host, int port, ChannelCredentials credentials, EventLoopGroup group,
                                Class<? extends Channel> channelType, Backoff reconnectBackoff) {
        this(ControlPlaneEndpoints.single(Objects.requireNonNull(host, "host"), port), credentials, group, channelType,
                reconnectBackoff);
    }

    /**
     * Channels to the replicas of {@code endpoints}: always to the one in use ({@link ControlPlaneEndpoints#current()}),
     * on {@code group} (or gRPC's own loops when both {@code group} and {@code channelType} are null).
     */
    public ControlPlaneChannels(ControlPlaneEndpoints endpoints, ChannelCredentials credentials, EventLoopGroup group,
                                Class<? extends Channel> channelType, Backoff reconnectBackoff) {
        if ((group == null) != (channelType == null)) {
            throw new IllegalArgumentException("group and channelType: " + group + ", " + channelType
                    + " (expected: both or neither)");
        }
        this.group = group;
        this.channelType = channelType;
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.reconnectBackoff = Objects.requireNonNull(reconnectBackoff, "reconnectBackoff");
        channel();
    }

    /**
     * Runs {@code action} (on the pacer's thread; it must not block) each time the shared channel connects again,
     * e.g. {@code AdsClient::retryNow}: whoever waits out a backoff re-dials at once.
     */
    public void onReconnected(Runnable action) {
        onReconnected.add(Objects.requireNonNull(action, "action"));
    }

    /**
     * The shared channel to the replica in use; callers must not shut it down (see {@link #close()}). After a
     * failover the next call returns a channel to the new replica (the previous one finishes its calls, then closes).
     */
    public synchronized ManagedChannel channel() {
        ControlPlaneAddress target = endpoints.current();
        if (!target.equals(channelTarget)) {
            if (channel != null) {
                pacer.close();
                channel.shutdown();
            }
            channel = build(target);
            channelTarget = target;
            pacer = new ReconnectPacer(channel, reconnectBackoff, target.toString(), onReconnected).start();
        }
        return channel;
    }

    /**
     * A new channel with the same credentials to the replica in use, whose first call makes a fresh TLS handshake
     * (presenting the workload certificate current then); the caller shuts it down. Used for certificate renewals.
     */
    public ManagedChannel openDedicated() {
        return build(endpoints.current());
    }

    /** The replicas and the one in use. */
    public ControlPlaneEndpoints endpoints() {
        return endpoints;
    }

    /** The replica in use, {@code HOST:PORT}. */
    public String target() {
        return endpoints.current().toString();
    }

    private ManagedChannel build(ControlPlaneAddress target) {
        NettyChannelBuilder builder = NettyChannelBuilder.forAddress(target.host(), target.port(), credentials)
                .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES)
                .userAgent("banyan-sidecar");
        if (group != null) {
            builder.eventLoopGroup(group)
                    .channelType(channelType)
                    .withOption(ChannelOption.ALLOCATOR, UnpooledByteBufAllocator.DEFAULT);
        }
        return builder.build();
    }

    @Override
    public void close() {
        ManagedChannel channel;
        synchronized (this) {
            pacer.close();
            channel = this.channel;
        }
        channel.shutdown();
        try {
            if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
                channel.shutdownNow();
            }
        } catch (InterruptedException e) {
            channel.shutdownNow();
            Thread.currentThread().interrupt();
        }
        log.debug("closed control-plane channel to {}", channelTarget);
    }
}
