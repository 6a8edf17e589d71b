package io.banyan.sidecar.trace;

import io.banyan.primitives.time.Ticker;
import io.banyan.sidecar.observe.ExchangeObservation;
import io.banyan.sidecar.observe.ExchangeObserver;
import io.banyan.sidecar.observe.ExchangeStart;
import io.opentelemetry.api.trace.Tracer;

/**
 * Reads each exchange's trace context, decides whether it is recorded, and gives a {@link TracedExchange} (its
 * spans) or, not sampled, an {@link UntracedExchange} that only carries the context on: no span object is made.
 */
final class SpanObserver implements ExchangeObserver {

    private final Tracer tracer;
    private final TraceSampler sampler;
    private final String service;
    private final Ticker ticker;

    SpanObserver(Tracer tracer, TraceSampler sampler, String service, Ticker ticker) {
        this.tracer = tracer;
        this.sampler = sampler;
        this.service = service;
        this.ticker = ticker;
    }

    @Override
    public ExchangeObservation begin(ExchangeStart start) {
        TraceParent parent = TraceContextParser.parse(start.headers()::get);
        if (!sampler.sample(parent)) {
            return UntracedExchange.of(parent);
        }
        return new TracedExchange(tracer, start, parent, service, ticker);
    }
}
