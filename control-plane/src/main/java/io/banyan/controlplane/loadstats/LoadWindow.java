package io.banyan.controlplane.loadstats;

import java.time.Instant;
import java.util.Set;

/**
 * The reports of every data plane about a cluster, summed over the time from {@code since} to now. Only tracked
 * clusters are kept: reports about any other cluster are dropped, so what reporters send never grows the store.
 */
public interface LoadWindow {

    /** The live requests to {@code cluster} reported since {@code since} (empty stats when none). */
    SideStats side(String cluster, Instant since);

    /** The shadow comparisons reported for the mirror cluster {@code cluster} since {@code since}. */
    ShadowStats shadow(String cluster, Instant since);

    /**
     * The clusters whose reports are kept (and that the data planes are asked to report on); a cluster no longer
     * tracked is forgotten.
     */
    void track(Set<String> clusters);

    /** The clusters tracked now. */
    Set<String> tracked();
}
