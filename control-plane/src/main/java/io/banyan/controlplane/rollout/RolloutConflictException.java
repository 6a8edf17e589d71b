package io.banyan.controlplane.rollout;

/** A write that a rollout in flight forbids: its object is baking, or too many rollouts are (409). */
public final class RolloutConflictException extends RuntimeException {

    public RolloutConflictException(String message) {
        super(message);
    }
}
