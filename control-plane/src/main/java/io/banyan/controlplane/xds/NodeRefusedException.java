package io.banyan.controlplane.xds;

/** A stream's node was not admitted; the message names what was wrong and what was expected. */
final class NodeRefusedException extends Exception {

    private final StreamRefusal reason;

    NodeRefusedException(StreamRefusal reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    StreamRefusal reason() {
        return reason;
    }
}
