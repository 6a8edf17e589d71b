package io.banyan.controlplane.revision;

/** An {@code If-Match} header that is neither {@code *} nor a list of strong ETags (400 naming the header). */
public final class MalformedIfMatchException extends IllegalArgumentException {

    public MalformedIfMatchException(String message) {
        super(message);
    }
}
