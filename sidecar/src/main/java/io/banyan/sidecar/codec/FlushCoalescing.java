package io.banyan.sidecar.codec;

import io.netty.handler.flush.FlushConsolidationHandler;

/**
 * One write to the socket for the streams of an HTTP/2 connection that flushed in the same event-loop turn. Each
 * stream flushes when its own message is done, and the responses (or requests) of many streams complete in one
 * turn, each from its own upstream (or downstream) connection: without this, a connection carrying ten streams
 * made ten {@code writev} calls (and on TLS ten records) where one does. The handler sits between the socket (or
 * TLS) and the HTTP/2 codec; during a read of the connection itself the flush waits for its read-complete, outside
 * one it runs as a task at the end of the turn.
 */
public final class FlushCoalescing {

    /** Flushes at least every this many coalesced flushes, so a long turn never holds bytes back for long. */
    static final int MAX_COALESCED = 64;

    private FlushCoalescing() {
    }

    public static FlushConsolidationHandler newHandler() {
        return new FlushConsolidationHandler(MAX_COALESCED, true);
    }
}
