package io.banyan.sidecar.observe;

import io.banyan.dataplane.config.Endpoint;
import io.banyan.sidecar.core.ErrorCause;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * What an {@link ExchangeObserver} keeps for one exchange; every call on the exchange's event loop. It says what it
 * wants ({@link #watchesAttempts}, {@link #wantsRecord}), so that the proxy builds only what someone reads: an
 * observation keeping failures alone costs a successful exchange no record.
 */
public interface ExchangeObservation {

    /** Observes nothing: told nothing, and wants no record. */
    ExchangeObservation NONE = new ExchangeObservation() {
        @Override
        public boolean watchesAttempts() {
            return false;
        }

        @Override
        public boolean wantsRecord(AnsweredBy by, int status, ErrorCause cause) {
            return false;
        }

        @Override
        public void ended(ExchangeRecord record) {
        }
    };

    /**
     * Whether it is told of each try as it starts and ends ({@link #attemptStarted}, {@link #attemptEnded}); true
     * unless it says otherwise. One that says false is told of no try, and reads them in its record alone.
     */
    default boolean watchesAttempts() {
        return true;
    }

    /**
     * Whether it wants the record of an exchange that ended thus: answered {@code status} (0: none went down) by
     * {@code by}, failed by the mesh for {@code cause} (null: the mesh did not fail it). {@link #ended} is called only
     * when it does; true unless it says otherwise. Asked once, as the exchange ends.
     */
    default boolean wantsRecord(AnsweredBy by, int status, ErrorCause cause) {
        return true;
    }

    /**
     * Attempt {@code number} starts on {@code endpoint}; {@code upstreamHeaders} are the request's headers as they
     * are about to go upstream (an observer may set headers here: trace context), the same object on every try.
     */
    default void attemptStarted(int number, Endpoint endpoint, HttpHeaders upstreamHeaders) {
    }

    /** An attempt ended (reported once per attempt, before {@link #ended}). */
    default void attemptEnded(AttemptRecord attempt) {
    }

    /** The exchange ended; called at most once, and only when {@link #wantsRecord} said so. */
    void ended(ExchangeRecord record);

    /** The trace this exchange belongs to (32 lowercase hex), null when it is not traced. */
    default String traceId() {
        return null;
    }
}
