package io.banyan.sidecar;

import java.util.concurrent.CompletableFuture;

/**
 * A running sidecar: xDS client, data plane listeners, registration agent and admin endpoints.
 * {@code start} returns once the admin endpoint listens; {@link #ready()} completes when the first
 * configuration is applied and every listener is bound. (Wiring lands with the components.)
 */
public final class Sidecar implements AutoCloseable {

    private Sidecar() {
    }

    public static Sidecar start(SidecarSettings settings) throws Exception {
        throw new UnsupportedOperationException("sidecar wiring not landed yet");
    }

    public CompletableFuture<Void> ready() {
        throw new UnsupportedOperationException();
    }

    public int adminPort() {
        throw new UnsupportedOperationException();
    }

    public int inboundPort() {
        throw new UnsupportedOperationException();
    }

    public int outboundPort() {
        throw new UnsupportedOperationException();
    }

    /** The local port of the explicit upstream listener for a service ({@code --upstream svc=PORT}). */
    public int upstreamPort(String service) {
        throw new UnsupportedOperationException();
    }

    /** Abrupt stop, as if the process died: no deregistration, connections reset. For demos and tests. */
    public void kill() {
    }

    /** Graceful stop: deregisters the instance, drains, closes. */
    @Override
    public void close() {
    }
}
