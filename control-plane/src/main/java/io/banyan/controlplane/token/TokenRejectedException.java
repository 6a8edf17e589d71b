package io.banyan.controlplane.token;

/** A join token that does not authenticate anyone, and why. */
public final class TokenRejectedException extends RuntimeException {

    /** Why a token was refused. */
    public enum Reason { MALFORMED, UNKNOWN, REVOKED, EXPIRED, WRONG_CA }

    private final Reason reason;

    public TokenRejectedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
