package io.banyan.controlplane.revision;

/** A write whose {@code If-Match} does not match the object's current ETag (412). */
public final class StaleETagException extends RuntimeException {

    private final long current;

    public StaleETagException(IfMatch given, long current) {
        super(IfMatch.HEADER + ": " + given.text() + " (expected: the current ETag " + IfMatch.etag(current)
                + (current == 0 ? ", the object does not exist" : "") + ")");
        this.current = current;
    }

    /** The object's ETag now. */
    public long current() {
        return current;
    }
}
