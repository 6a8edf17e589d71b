package io.banyan.sidecar.upstream;

import io.banyan.sidecar.resilience.ClusterThresholds;

/**
 * One unit of a cluster threshold (a connection, or a request waiting for one) that the pools hold, given back
 * at most once however many paths end it. Touched only on the event loop that took it.
 */
final class HeldResource {

    /** What is held when the cluster has no thresholds (health probes): nothing to give back. */
    static final HeldResource NONE = new HeldResource(null, ClusterThresholds.Resource.CONNECTIONS);

    private ClusterThresholds thresholds;
    private final ClusterThresholds.Resource resource;

    private HeldResource(ClusterThresholds thresholds, ClusterThresholds.Resource resource) {
        this.thresholds = thresholds;
        this.resource = resource;
    }

    /** Takes one unit of {@code resource}: {@link #NONE} when {@code thresholds} is null, {@code null} on overflow. */
    static HeldResource tryTake(ClusterThresholds thresholds, ClusterThresholds.Resource resource) {
        if (thresholds == null) {
            return NONE;
        }
        return thresholds.tryAcquire(resource) ? new HeldResource(thresholds, resource) : null;
    }

    /** Gives the unit back; later calls do nothing. */
    void release() {
        ClusterThresholds held = thresholds;
        if (held != null) {
            thresholds = null;
            held.release(resource);
        }
    }
}
