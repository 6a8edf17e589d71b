package io.banyan.sidecar.proxy;

import io.banyan.dataplane.config.Endpoint;
import io.banyan.sidecar.core.ErrorCause;
import io.banyan.sidecar.observe.AttemptRecord;
import io.banyan.sidecar.observe.ExchangeObservation;

import java.util.ArrayList;
import java.util.List;

/**
 * The tries of one exchange as its observers see them: each opened when it starts, told what came of it (a response
 * head, a failure), and closed (reported to the {@link ExchangeObservation}) when the next one starts or the exchange
 * ends. Times are the exchange's ticker's nanoseconds.
 */
final class AttemptTimeline {

    private final ExchangeObservation observation;
    private final long exchangeStartNanos;
    private List<AttemptRecord> closed;
    private Endpoint endpoint;
    private long startNanos;
    private long headNanos = -1;
    private int status;
    private ErrorCause cause;

    AttemptTimeline(ExchangeObservation observation, long exchangeStartNanos) {
        this.observation = observation;
        this.exchangeStartNanos = exchangeStartNanos;
    }

    /** Closes the try in progress, if any, and opens the next one on {@code target}. */
    void started(Endpoint target, long nowNanos) {
        close(nowNanos);
        endpoint = target;
        startNanos = nowNanos;
        headNanos = -1;
        status = 0;
        cause = null;
    }

    /** The try in progress got a (final) response head. */
    void responded(int code, long nowNanos) {
        if (endpoint != null) {
            status = code;
            headNanos = nowNanos - startNanos;
        }
    }

    /** The try in progress failed; the first cause told is kept. */
    void failed(ErrorCause failure) {
        if (endpoint != null && cause == null) {
            cause = failure;
        }
    }

    /** How many tries have started (the number of the one in progress). */
    int count() {
        return (closed == null ? 0 : closed.size()) + (endpoint == null ? 0 : 1);
    }

    /** From the last try's start to its response head; -1 when none came. */
    long upstreamServiceNanos() {
        if (endpoint != null) {
            return headNanos;
        }
        return closed == null || closed.isEmpty() ? -1 : closed.get(closed.size() - 1).headNanos();
    }

    /** Closes the try in progress (the exchange ends) and gives every try. */
    List<AttemptRecord> finish(long nowNanos) {
        close(nowNanos);
        return closed == null ? List.of() : closed;
    }

    private void close(long nowNanos) {
        if (endpoint == null) {
            return;
        }
        if (closed == null) {
            closed = new ArrayList<>(2);
        }
        AttemptRecord attempt = new AttemptRecord(closed.size() + 1, endpoint, startNanos - exchangeStartNanos,
                nowNanos - startNanos, headNanos, status, cause);
        closed.add(attempt);
        endpoint = null;
        observation.attemptEnded(attempt);
    }
}
