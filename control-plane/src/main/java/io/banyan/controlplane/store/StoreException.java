package io.banyan.controlplane.store;

/** The store cannot be opened, read or written; the message names the data directory and the cause. */
public class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
