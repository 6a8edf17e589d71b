package io.banyan.controlplane.registry;

import java.time.Duration;
import java.util.Objects;

/**
 * When the registry believes a missed TTL, and when it forgets an instance.
 *
 * <ul>
 *   <li>{@code startupGrace}: an instance restored from the store at startup counts as heartbeated at startup and
 *       is not expired before {@code max(its TTL, startupGrace)} has passed since then, so that every agent can
 *       reconnect and heartbeat after a control-plane restart (shown as {@code "health": "grace"} until it does).</li>
 *   <li>{@code selfPreservationThreshold}: at most {@code floor(threshold * n)} of the {@code n} instances of a
 *       service with two or more instances are expired by TTL at any time; further instances that miss their TTL
 *       are <em>held</em> (kept in the load assignment, {@code "health": "held"}), those with the oldest heartbeat
 *       being expired first. A mass expiry is more likely the registry's own trouble than the instances'. An expired
 *       or held instance stays so until it heartbeats (or is deregistered or reaped). A service with one instance is
 *       not held: its only instance expires as before. 1 disables holding. A deregistration is never held.</li>
 *   <li>{@code reapAfter}: an expired or held instance is removed once its TTL plus {@code reapAfter} has passed
 *       since its last heartbeat (Consul's {@code deregister_critical_service_after}): self-preservation bridges a
 *       registry's trouble up to the reap period, not forever. A sidecar whose instance was reaped registers it
 *       again at its next heartbeat.</li>
 * </ul>
 */
public record RegistryRules(Duration startupGrace, double selfPreservationThreshold, Duration reapAfter) {

    /** Three times the sidecars' default reconnect cap of 10 s: every agent is back and has heartbeated by then. */
    public static final Duration DEFAULT_STARTUP_GRACE = Duration.ofSeconds(30);
    public static final double DEFAULT_SELF_PRESERVATION_THRESHOLD = 0.5;
    public static final Duration DEFAULT_REAP_AFTER = Duration.ofMinutes(15);
    public static final RegistryRules DEFAULT = new RegistryRules(null, DEFAULT_SELF_PRESERVATION_THRESHOLD, null);

    public RegistryRules {
        startupGrace = startupGrace == null ? DEFAULT_STARTUP_GRACE : startupGrace;
        if (startupGrace.isNegative()) {
            throw new IllegalArgumentException("startup-grace: " + startupGrace + " (expected: >= 0)");
        }
        if (!(selfPreservationThreshold > 0 && selfPreservationThreshold <= 1)) {
            throw new IllegalArgumentException("self-preservation-threshold: " + selfPreservationThreshold
                    + " (expected: > 0 and <= 1; 1 disables self-preservation)");
        }
        reapAfter = reapAfter == null ? DEFAULT_REAP_AFTER : reapAfter;
        if (reapAfter.isNegative() || reapAfter.isZero()) {
            throw new IllegalArgumentException("reap-after: " + reapAfter + " (expected: > 0)");
        }
    }

    /** How many of a service's {@code instances} may be expired by TTL at once. */
    int expirable(int instances) {
        return instances < 2 ? instances : (int) Math.floor(selfPreservationThreshold * instances);
    }

    static RegistryRules orDefault(RegistryRules rules) {
        return Objects.requireNonNullElse(rules, DEFAULT);
    }
}
