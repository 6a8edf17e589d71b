package io.banyan.controlplane.xds;

import java.time.Duration;

/**
 * Bounds of the state xDS clients make the control plane keep, so that memory follows the real sidecars and
 * not what clients claim.
 *
 * @param maxStreamsPerIdentity ADS streams one workload identity ({@code spiffe://<td>/svc/<service>}) may hold
 *                              open at once; all replicas of a service share its identity, so this must exceed
 *                              the replica count of the largest service (each holds one stream, two while it
 *                              reconnects)
 * @param maxNodes              xDS nodes tracked at once, connected or within the retention; when full, the node
 *                              idle longest is forgotten first, and only when every tracked node is connected is a
 *                              new one refused
 * @param retention             how long a node's state (its snapshot) is kept after its last stream ended, so that
 *                              a quick reconnect is answered at once
 */
public record XdsLimits(int maxStreamsPerIdentity, int maxNodes, Duration retention) {

    private static final Duration MAX_RETENTION = Duration.ofHours(24);

    public static final int DEFAULT_MAX_STREAMS_PER_IDENTITY = 64;
    public static final int DEFAULT_MAX_NODES = 4096;
    public static final Duration DEFAULT_RETENTION = Duration.ofMinutes(5);
    public static final XdsLimits DEFAULT =
            new XdsLimits(DEFAULT_MAX_STREAMS_PER_IDENTITY, DEFAULT_MAX_NODES, DEFAULT_RETENTION);

    public XdsLimits {
        if (maxStreamsPerIdentity < 1) {
            throw new IllegalArgumentException("xds-max-streams-per-identity: " + maxStreamsPerIdentity
                    + " (expected: an integer >= 1)");
        }
        if (maxNodes < 1) {
            throw new IllegalArgumentException("xds-max-nodes: " + maxNodes + " (expected: an integer >= 1)");
        }
        if (retention == null || retention.isNegative() || retention.compareTo(MAX_RETENTION) > 0) {
            throw new IllegalArgumentException("xds-node-retention: " + retention + " (expected: 0s..24h)");
        }
    }
}
