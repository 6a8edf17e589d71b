package io.banyan.controlplane.registry;

/** What the registry believes of an instance's TTL health ({@link RegistryRules} says when). */
public enum HealthState {
    /** Heartbeating within its TTL, or registered without a TTL. */
    HEALTHY,
    /** Restored from the store at startup and not heartbeated since: healthy while the startup grace lasts. */
    GRACE,
    /** Missed its TTL during a mass expiry of its service: kept healthy by self-preservation. */
    HELD,
    /** Missed its TTL: no traffic until it heartbeats again; removed after the reap period. */
    EXPIRED;

    /** Whether the instance gets traffic (everything but {@link #EXPIRED}). */
    public boolean healthy() {
        return this != EXPIRED;
    }

    /** The JSON and log name: {@code healthy}, {@code grace}, {@code held}, {@code expired}. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
