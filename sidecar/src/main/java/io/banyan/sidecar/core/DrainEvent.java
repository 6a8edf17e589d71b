package io.banyan.sidecar.core;

/** User event fired on each downstream connection when the data plane drains: finish the current request, then close. */
public final class DrainEvent {

    public DrainEvent() {
    }
}
