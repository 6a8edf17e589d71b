package io.banyan.sidecar.xds;

import io.banyan.primitives.time.Backoff;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The channel ADS and registration use: its calls always go over a connection that presented the current workload
 * certificate. The control plane serves them only to a workload certificate and reads it from the TLS session,
 * which is fixed at the connection's handshake and carried into resumed sessions; so after each new certificate
 * {@link #renew()} moves new calls to a fresh channel (a fresh TLS context: a full handshake, no resumption) and lets
 * the old one finish the calls under way (the open ADS stream stays on it until it ends) before it closes.
 *
 * <p>The current channel's reconnects are paced by a {@link ReconnectPacer} on the sidecar's {@link ControlPlaneChannels#RECONNECT_BACKOFF}
 * (seconds, not gRPC's minutes), and the {@link #onReconnected} actions run whenever it connects again: after a
 * control-plane outage the ADS stream and the registration agent re-dial at once.
 */
public final class CertificateBoundChannel extends Channel implements AutoCloseable {

    private final Supplier<ManagedChannel> factory;
    private final Backoff backoff;
    private final Supplier<String> target;
    private final List<Runnable> onReconnected = new CopyOnWriteArrayList<>();
    private volatile ManagedChannel current;
    private volatile String currentTarget;
    private ReconnectPacer pacer;

    /**
     * A channel from {@code channels}, paced on the default backoff. It follows the replica in use: after a failover
     * ({@link ControlPlaneEndpoints#failedOver}) the next call opens a channel to the new replica, and the old channel
     * finishes its calls and closes.
     */
    public CertificateBoundChannel(ControlPlaneChannels channels) {
        this(channels::openDedicated, ControlPlaneChannels.RECONNECT_BACKOFF, channels::target);
    }

    /**
     * @param factory opens a new channel to the control plane, e.g. {@link ControlPlaneChannels#openDedicated()}
     * @param backoff paces the current channel's reconnects while the control plane is unreachable
     * @param target  the control plane's address, for log lines
     */
    public CertificateBoundChannel(Supplier<ManagedChannel> factory, Backoff backoff, String target) {
        this(factory, backoff, () -> target);
    }

    private CertificateBoundChannel(Supplier<ManagedChannel> factory, Backoff backoff, Supplier<String> target) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.target = Objects.requireNonNull(target, "target");
        this.currentTarget = target.get();
        this.current = factory.get();
        this.pacer = pace(current);
    }

    /**
     * Runs {@code action} (on the pacer's thread; it must not block) each time the current channel connects again,
     * e.g. {@code AdsClient::retryNow}: whoever waits out a backoff re-dials at once.
     */
    public void onReconnected(Runnable action) {
        onReconnected.add(Objects.requireNonNull(action, "action"));
    }

    /** New calls go over a new connection; calls under way finish on the old one, which then closes. */
    public synchronized void renew() {
        ManagedChannel previous = current;
        ReconnectPacer previousPacer = pacer;
        currentTarget = target.get();
        current = factory.get();
        pacer = pace(current);
        previousPacer.close();
        previous.shutdown();
    }

    private ReconnectPacer pace(ManagedChannel channel) {
        return new ReconnectPacer(channel, backoff, currentTarget, onReconnected).start();
    }

    @Override
    public <Q, R> ClientCall<Q, R> newCall(MethodDescriptor<Q, R> method, CallOptions options) {
        followReplicaInUse();
        return current.newCall(method, options);
    }

    /** After a failover to another replica, new calls go there (a new channel), as after a renewal. */
    private void followReplicaInUse() {
        if (!currentTarget.equals(target.get())) {
            synchronized (this) {
                if (!currentTarget.equals(target.get())) {
                    renew();
                }
            }
        }
    }

    /** The current channel's connectivity, without asking it to connect. */
    ConnectivityState state() {
        return current.getState(false);
    }

    @Override
    public String authority() {
        return current.authority();
    }

    /** Closes the current channel at once: its users (ADS client, registration agent) are closed before it. */
    @Override
    public synchronized void close() {
        pacer.close();
        current.shutdownNow();
    }
}
