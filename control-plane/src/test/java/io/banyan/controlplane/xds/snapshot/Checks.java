package io.banyan.controlplane.xds.snapshot;

/** The checks with the sidecars' translators, wired as {@code ControlPlane} wires them. */
public final class Checks {

    private Checks() {
    }

    public static PolicyCheck policy() {
        return new PolicyCheck(new SnapshotBuilder("mesh.local"), new ResourceCheck());
    }

    public static SnapshotGuard guard() {
        return new SnapshotGuard(new ResourceCheck());
    }
}
