package io.banyan.controlplane.appconfig;

/** A stored secret that does not decrypt with the configuration key (another key, or a ciphertext moved or altered). */
public final class SecretUnreadableException extends Exception {

    private static final long serialVersionUID = 1L;

    public SecretUnreadableException(String message) {
        super(message);
    }
}
