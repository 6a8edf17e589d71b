package io.banyan.sidecar.xds;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * The control-plane replicas a sidecar may use ({@code --control-plane HOST:PORT[,HOST:PORT...]}) and the one in use.
 * Every part of the sidecar that talks to the control plane (ADS, registration, certificates, load reports) uses
 * {@link #current()}; whoever sees it fail (a stream lost, a connect refused) calls {@link #failedOver(ControlPlaneAddress)}
 * and all move to the next replica in the list, round robin. Each sidecar starts at a random entry, so that the
 * sidecars of a mesh spread over the replicas. Thread-safe.
 */
public final class ControlPlaneEndpoints {

    private final List<ControlPlaneAddress> addresses;
    private final AtomicLong failovers = new AtomicLong();
    private int index;

    private ControlPlaneEndpoints(List<ControlPlaneAddress> addresses, int start) {
        this.addresses = List.copyOf(addresses);
        this.index = start;
    }

    /**
     * Parses a comma-separated list of {@code HOST:PORT}; each entry is checked and the message names the bad one;
     * a duplicate entry is refused.
     */
    public static List<ControlPlaneAddress> parseList(String list) {
        if (list == null || list.isBlank()) {
            throw new IllegalArgumentException("control-plane: '" + (list == null ? "" : list)
                    + "' (expected: HOST:PORT[,HOST:PORT...])");
        }
        Set<ControlPlaneAddress> unique = new LinkedHashSet<>();
        for (String entry : list.split(",", -1)) {
            ControlPlaneAddress address = ControlPlaneAddress.parse(entry);
            if (!unique.add(address)) {
                throw new IllegalArgumentException("control-plane: '" + address
                        + "' given twice (expected: each replica once)");
            }
        }
        return List.copyOf(unique);
    }

    /** The replicas of {@code addresses}, starting at a random one. */
    public static ControlPlaneEndpoints of(List<ControlPlaneAddress> addresses, RandomGenerator random) {
        Objects.requireNonNull(random, "random");
        checkNotEmpty(addresses);
        return new ControlPlaneEndpoints(addresses, random.nextInt(addresses.size()));
    }

    /** The replicas of {@code addresses}, starting at the first (tests; a single control plane). */
    public static ControlPlaneEndpoints inOrder(List<ControlPlaneAddress> addresses) {
        checkNotEmpty(addresses);
        return new ControlPlaneEndpoints(addresses, 0);
    }

    /** One control plane. */
    public static ControlPlaneEndpoints single(String host, int port) {
        return inOrder(List.of(new ControlPlaneAddress(host, port)));
    }

    private static void checkNotEmpty(List<ControlPlaneAddress> addresses) {
        if (Objects.requireNonNull(addresses, "addresses").isEmpty()) {
            throw new IllegalArgumentException("control-plane: [] (expected: at least one HOST:PORT)");
        }
    }

    /** The replica in use. */
    public synchronized ControlPlaneAddress current() {
        return addresses.get(index);
    }

    /**
     * {@code failed} did not answer: moves to the next replica, unless another caller already moved away from it (so
     * that the ADS stream, the registration agent and the load reporter seeing one outage move once). Returns the
     * replica in use afterwards. With a single replica nothing moves and nothing is counted.
     */
    public synchronized ControlPlaneAddress failedOver(ControlPlaneAddress failed) {
        if (addresses.size() > 1 && addresses.get(index).equals(failed)) {
            index = (index + 1) % addresses.size();
            failovers.incrementAndGet();
        }
        return addresses.get(index);
    }

    /** Whether there is a replica to move to. */
    public boolean several() {
        return addresses.size() > 1;
    }

    /** How many times the sidecar moved to another replica. */
    public long failovers() {
        return failovers.get();
    }

    public List<ControlPlaneAddress> all() {
        return addresses;
    }

    @Override
    public String toString() {
        List<String> shown = new ArrayList<>();
        addresses.forEach(address -> shown.add(address.toString()));
        return String.join(",", shown);
    }
}
