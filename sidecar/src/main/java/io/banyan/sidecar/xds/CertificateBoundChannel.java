package io.banyan.sidecar.xds;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The channel ADS and registration use: its calls always go over a connection that presented the current workload
 * certificate. The control plane serves them only to a workload certificate and reads it from the TLS session,
 * which is fixed at the connection's handshake and carried into resumed sessions; so after each new certificate
 * {@link #renew()} moves new calls to a fresh channel (a fresh TLS context: a full handshake, no resumption) and lets
 * the old one finish the calls under way (the open ADS stream stays on it until it ends) before it closes.
 */
public final class CertificateBoundChannel extends Channel implements AutoCloseable {

    private final Supplier<ManagedChannel> factory;
    private volatile ManagedChannel current;

    /** @param factory opens a new channel to the control plane, e.g. {@link ControlPlaneChannels#openDedicated()} */
    public CertificateBoundChannel(Supplier<ManagedChannel> factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.current = factory.get();
    }

    /** New calls go over a new connection; calls under way finish on the old one, which then closes. */
    public synchronized void renew() {
        ManagedChannel previous = current;
        current = factory.get();
        previous.shutdown();
    }

    @Override
    public <Q, R> ClientCall<Q, R> newCall(MethodDescriptor<Q, R> method, CallOptions options) {
        return current.newCall(method, options);
    }

    @Override
    public String authority() {
        return current.authority();
    }

    /** Closes the current channel at once: its users (ADS client, registration agent) are closed before it. */
    @Override
    public synchronized void close() {
        current.shutdownNow();
    }
}
