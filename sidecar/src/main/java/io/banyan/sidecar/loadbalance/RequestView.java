package io.banyan.sidecar.loadbalance;

/** The parts of a request a {@link HashPolicy} may read, so that hashing knows nothing of Netty. */
public interface RequestView {

    /** The first value of header {@code name} (case-insensitive), or {@code null}. */
    String header(String name);

    /** The value of cookie {@code name}, or {@code null}. */
    String cookie(String name);

    /** The downstream's IP address as text (no port), or {@code null} when unknown. */
    String sourceAddress();
}
