package io.banyan.sidecar.observe;

import io.banyan.dataplane.config.Endpoint;
import io.netty.handler.codec.http.HttpHeaders;

import java.util.List;

/** Several observations of one exchange, told in order; the trace id is the first one's that has one. */
final class AllObservations implements ExchangeObservation {

    private final List<ExchangeObservation> each;

    AllObservations(List<ExchangeObservation> each) {
        this.each = List.copyOf(each);
    }

    @Override
    public void attemptStarted(int number, Endpoint endpoint, HttpHeaders upstreamHeaders) {
        for (ExchangeObservation observation : each) {
            observation.attemptStarted(number, endpoint, upstreamHeaders);
        }
    }

    @Override
    public void attemptEnded(AttemptRecord attempt) {
        for (ExchangeObservation observation : each) {
            observation.attemptEnded(attempt);
        }
    }

    @Override
    public void ended(ExchangeRecord record) {
        for (ExchangeObservation observation : each) {
            observation.ended(record);
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
