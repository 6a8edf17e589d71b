package io.banyan.sidecar.admin;

import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

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

    /**
     * When ready and {@code note} has something to say (e.g. {@code stale_config since ...}), the body says
     * {@code ready} and the note on a line of its own; not-ready answers are unchanged.
     */
    default Readiness withNote(Supplier<Optional<String>> note) {
        Objects.requireNonNull(note, "note");
        return () -> {
            ReadinessStatus status = check();
            return status.ready() ? note.get().map(text -> new ReadinessStatus(true, status.reason() + "\n" + text))
                    .orElse(status) : status;
        };
    }
}
