package io.banyan.controlplane.xds;

import io.banyan.controlplane.xds.snapshot.MeshConfig;
import io.banyan.controlplane.xds.snapshot.SidecarNode;

/**
 * The configuration one node is shown, given the current one: the current one itself, or (during a staged rollout)
 * one with some objects still at their value before a write. Called on the publisher's thread; must not block.
 */
@FunctionalInterface
public interface NodeViews {

    /** Every node sees the current configuration. */
    NodeViews CURRENT = (node, current) -> current;

    MeshConfig viewOf(SidecarNode node, MeshConfig current);
}
