package io.banyan.controlplane.rollout;

import io.banyan.controlplane.revision.ConfigKind;
import io.banyan.controlplane.xds.SidecarStatus;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One staged rollout as it stands: the revision it stages (0 while the write is under way), the object, the canary
 * nodes (empty until chosen: then no node is shown the new value), when it started and when the bake ends, its state
 * and, once finished, why. Immutable; each step makes a new one.
 *
 * @param stable      the object at its value before the write, what the other nodes are shown while it bakes
 * @param canaryNacks each canary's last NACK per type URL when it was chosen: a NACK since is the change's
 */
public record RolloutRecord(String id, long revision, ConfigKind kind, String object, Rollout rollout,
                            StableValue stable, RolloutState state, List<String> canary, Instant startedAt,
                            Instant bakeUntil, String reason, Map<String, Map<String, SidecarStatus.Nack>> canaryNacks) {

    public RolloutRecord {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(rollout, "rollout");
        Objects.requireNonNull(stable, "stable");
        Objects.requireNonNull(state, "state");
        canary = List.copyOf(canary);
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(bakeUntil, "bakeUntil");
        canaryNacks = Map.copyOf(canaryNacks);
    }

    /** The id of the rollout that stages {@code revision}. */
    public static String idOf(long revision) {
        return "ro-" + revision;
    }

    /** The key of its object: one rollout in flight per key. */
    public String key() {
        return key(kind, object);
    }

    static String key(ConfigKind kind, String object) {
        return kind.wireName() + "/" + object;
    }

    RolloutRecord written(long revision) {
        return new RolloutRecord(idOf(revision), revision, kind, object, rollout, stable, state, canary, startedAt,
                bakeUntil, reason, canaryNacks);
    }

    /** With its canaries, and each one's last NACK per type URL before it was shown the change. */
    RolloutRecord withCanary(List<String> nodes, Map<String, Map<String, SidecarStatus.Nack>> nacks) {
        return new RolloutRecord(id, revision, kind, object, rollout, stable, state, nodes, startedAt, bakeUntil,
                reason, nacks);
    }

    RolloutRecord finished(RolloutState outcome, String why) {
        return new RolloutRecord(id, revision, kind, object, rollout, stable, outcome, canary, startedAt, bakeUntil,
                why, canaryNacks);
    }
}
