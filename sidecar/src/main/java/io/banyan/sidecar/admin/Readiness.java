package io.banyan.sidecar.admin;

import java.util.Objects;
import java.util.function.BooleanSupplier;

/** Answers /ready; the lead composes it (first config applied, listeners bound, not draining). */
@FunctionalInterface
public interface Readiness {

    ReadinessStatus check();

    /** Ready while {@code ready} says so, else not ready with {@code reasonWhenNot}. */
    static Readiness of(BooleanSupplier ready, String reasonWhenNot) {
        Objects.requireNonNull(ready, "ready");
        ReadinessStatus notReady = ReadinessStatus.notReady(reasonWhenNot);
        return () -> ready.getAsBoolean() ? ReadinessStatus.READY : notReady;
    }

    /** Ready when both are; otherwise the first one's reason. */
    default Readiness and(Readiness other) {
        Objects.requireNonNull(other, "other");
        return () -> {
            ReadinessStatus first = check();
            return first.ready() ? other.check() : first;
        };
    }
}
