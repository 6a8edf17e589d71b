package io.banyan.controlplane.rollout;

import java.util.Locale;

/** Where a staged rollout is: its canaries baking, or finished: promoted to every node, or reverted. */
public enum RolloutState {
    BAKING, PROMOTED, REVERTED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
