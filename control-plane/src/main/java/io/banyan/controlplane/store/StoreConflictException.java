package io.banyan.controlplane.store;

/**
 * A write lost a race with another replica's write to the same entries, again and again, and was given up: nothing was
 * changed. The admin API answers {@code 409} (retry); it cannot happen on the embedded store (one writer).
 */
public final class StoreConflictException extends StoreException {

    public StoreConflictException(String message) {
        super(message);
    }
}
