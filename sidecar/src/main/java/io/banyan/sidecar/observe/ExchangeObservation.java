package io.banyan.sidecar.observe;

import io.banyan.dataplane.config.Endpoint;
import io.netty.handler.codec.http.HttpHeaders;

/** What an {@link ExchangeObserver} keeps for one exchange; every call on the exchange's event loop. */
public interface ExchangeObservation {

    /** Observes nothing. */
    ExchangeObservation NONE = record -> { };

    /**
     * Attempt {@code number} starts on {@code endpoint}; {@code upstreamHeaders} are the request's headers as they
     * are about to go upstream (an observer may set headers here: trace context), the same object on every try.
     */
    default void attemptStarted(int number, Endpoint endpoint, HttpHeaders upstreamHeaders) {
    }

    /** An attempt ended (reported once per attempt, before {@link #ended}). */
    default void attemptEnded(AttemptRecord attempt) {
    }

    /** The exchange ended; called exactly once. */
    void ended(ExchangeRecord record);

    /** The trace this exchange belongs to (32 lowercase hex), null when it is not traced. */
    default String traceId() {
        return null;
    }
}
