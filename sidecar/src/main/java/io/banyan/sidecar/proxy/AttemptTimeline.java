package io.banyan.sidecar.proxy;

import io.banyan.dataplane.config.Endpoint;
import io.banyan.sidecar.core.ErrorCause;
import io.banyan.sidecar.observe.AttemptRecord;
import io.banyan.sidecar.observe.ExchangeObservation;
import io.netty.handler.codec.http.HttpHeaders;

import java.util.ArrayList;
import java.util.List;

/**
 * The tries of one exchange as its observers see them: each opened when it starts (told to the
 * {@link ExchangeObservation} when it watches tries), told what came of it (a response head, a failure), and closed
 * when the next one starts or the exchange ends. A try closed before the exchange ends (a retry followed) is kept as
 * an {@link AttemptRecord}; the last one becomes one only when someone reads it (an observation watching tries, or a
 * record of the exchange wanted). Times are the exchange's ticker's nanoseconds.
 */
final class AttemptTimeline {

    private final ExchangeObservation observation;
    private final boolean watching;
    private final long exchangeStartNanos;
    private List<AttemptRecord> closed;
    private Endpoint endpoint;
    private long startNanos;
    private long headNanos = -1;
    private int status;
    private ErrorCause cause;

    AttemptTimeline(ExchangeObservation observation, long exchangeStartNanos) {
        this.observation = observation;
        this.watching = observation.watchesAttempts();
        this.exchangeStartNanos = exchangeStartNanos;
    }

    /**
     * Closes the try in progress, if any, and opens the next one on {@code target}, telling the observation (which
     * may set {@code upstreamHeaders}, the request's headers about to go upstream).
     */
    void started(Endpoint target, long nowNanos, HttpHeaders upstreamHeaders) {
        if (endpoint != null) {
            kept(close(nowNanos));
        }
        endpoint = target;
        startNanos = nowNanos;
        headNanos = -1;
        status = 0;
        cause = null;
        if (watching) {
            observation.attemptStarted(count(), target, upstreamHeaders);
        }
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

    /**
     * Closes the try in progress (the exchange ends) and gives every try when {@code wanted} (a record of the
     * exchange is built), else an empty list.
     */
    List<AttemptRecord> finish(long nowNanos, boolean wanted) {
        if (endpoint != null && (watching || wanted)) {
            AttemptRecord last = close(nowNanos);
            if (wanted) {
                kept(last);
            }
        }
        endpoint = null;
        return !wanted || closed == null ? List.of() : closed;
    }

    private AttemptRecord close(long nowNanos) {
        AttemptRecord attempt = new AttemptRecord(count(), endpoint, startNanos - exchangeStartNanos,
                nowNanos - startNanos, headNanos, status, cause);
        endpoint = null;
        if (watching) {
            observation.attemptEnded(attempt);
        }
        return attempt;
    }

    private void kept(AttemptRecord attempt) {
        if (closed == null) {
            closed = new ArrayList<>(2);
        }
        closed.add(attempt);
    }
}
