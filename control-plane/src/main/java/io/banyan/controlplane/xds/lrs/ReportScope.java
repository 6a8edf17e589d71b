package io.banyan.controlplane.xds.lrs;

import io.banyan.controlplane.xds.snapshot.SidecarNode;

/**
 * Which tracked clusters a data plane may report on: those its configuration routes to (a gateway migration's sides
 * only that gateway's). The others are neither asked of it nor kept from it, so a data plane cannot speak for traffic
 * it never carried.
 */
@FunctionalInterface
public interface ReportScope {

    /** Every data plane may report every tracked cluster. */
    ReportScope ANY = (node, cluster) -> true;

    boolean mayReport(SidecarNode node, String cluster);
}
