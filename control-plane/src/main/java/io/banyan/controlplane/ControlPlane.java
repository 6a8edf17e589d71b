package io.banyan.controlplane;

/**
 * A running control plane: store, registry, admin API and the gRPC endpoint (xDS, registration).
 * {@code start} returns once both servers listen. (Wiring lands with the components.)
 */
public final class ControlPlane implements AutoCloseable {

    private ControlPlane() {
    }

    public static ControlPlane start(ControlPlaneSettings settings) throws Exception {
        throw new UnsupportedOperationException("control plane wiring not landed yet");
    }

    /** The admin API's bound port. */
    public int adminPort() {
        throw new UnsupportedOperationException();
    }

    /** The gRPC endpoint's bound port (xDS, registration, CA). */
    public int xdsPort() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
    }
}
