package io.banyan.sidecar.observe;

import io.banyan.dataplane.config.Endpoint;
import io.banyan.sidecar.core.ErrorCause;
import io.netty.handler.codec.http.HttpHeaders;

import java.util.List;

/**
 * Several observations of one exchange, told in order, each only what it wants (its tries when it watches them, the
 * record when it wants it); the trace id is the first one's that has one.
 */
final class AllObservations implements ExchangeObservation {

    private final ExchangeObservation[] each;
    private final boolean watchesAttempts;

    AllObservations(List<ExchangeObservation> each) {
        this.each = each.toArray(ExchangeObservation[]::new);
        boolean watching = false;
        for (ExchangeObservation observation : this.each) {
            watching |= observation.watchesAttempts();
        }
        this.watchesAttempts = watching;
    }

    @Override
    public boolean watchesAttempts() {
        return watchesAttempts;
    }

    @Override
    public boolean wantsRecord(AnsweredBy by, int status, ErrorCause cause) {
        for (ExchangeObservation observation : each) {
            if (observation.wantsRecord(by, status, cause)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void attemptStarted(int number, Endpoint endpoint, HttpHeaders upstreamHeaders) {
        for (ExchangeObservation observation : each) {
            if (observation.watchesAttempts()) {
                observation.attemptStarted(number, endpoint, upstreamHeaders);
            }
        }
    }

    @Override
    public void attemptEnded(AttemptRecord attempt) {
        for (ExchangeObservation observation : each) {
            if (observation.watchesAttempts()) {
                observation.attemptEnded(attempt);
            }
        }
    }

    @Override
    public void ended(ExchangeRecord record) {
        for (ExchangeObservation observation : each) {
            if (observation.wantsRecord(record.answeredBy(), record.status(), record.cause())) {
                observation.ended(record);
            }
        }
    }

    @Override
    public String traceId() {
        for (ExchangeObservation observation : each) {
            String traceId = observation.traceId();
            if (traceId != null) {
                return traceId;
            }
        }
        return null;
    }
}
