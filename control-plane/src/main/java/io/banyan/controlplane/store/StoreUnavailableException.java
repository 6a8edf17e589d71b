package io.banyan.controlplane.store;

/**
 * The store cannot take writes now (disk full, an I/O error): nothing was changed. The store reopens itself in
 * the background; the admin API answers {@code 503}, the registration service {@code UNAVAILABLE}.
 */
public final class StoreUnavailableException extends StoreException {

    public StoreUnavailableException(String message) {
        super(message);
    }
}
