package io.banyan.sidecar.trace;

import io.banyan.dataplane.config.Endpoint;
import io.banyan.primitives.random.PerThreadRandom;
import io.banyan.sidecar.observe.ExchangeObservation;
import io.banyan.sidecar.observe.ExchangeRecord;
import io.netty.handler.codec.http.HttpHeaders;

import java.util.HexFormat;
import java.util.random.RandomGenerator;

/**
 * An exchange that is not recorded: the decision goes upstream (a {@code traceparent} with flags 00) so the next hop
 * honours it, and the trace id is known to the access log. No span, one small object; nothing at all for a caller's
 * W3C context (it passes untouched) or a bare B3 {@code 0}.
 */
final class UntracedExchange implements ExchangeObservation {

    private final String traceId;
    /** The traceparent to send upstream, null to leave the request's. */
    private final String traceparent;
    private final boolean newTrace;

    private UntracedExchange(String traceId, String traceparent, boolean newTrace) {
        this.traceId = traceId;
        this.traceparent = traceparent;
        this.newTrace = newTrace;
    }

    static ExchangeObservation of(TraceParent parent) {
        if (parent != null && !parent.hasSpan()) {
            return ExchangeObservation.NONE;
        }
        if (parent == null) {
            RandomGenerator random = PerThreadRandom.get();
            String traceId = nonZeroHex(random) + nonZeroHex(random);
            return new UntracedExchange(traceId, TraceHeaders.traceparent(traceId, nonZeroHex(random), false), true);
        }
        return new UntracedExchange(parent.traceId(), parent.format() == TraceParent.Format.W3C ? null
                : TraceHeaders.traceparent(parent.traceId(), parent.spanId(), false), false);
    }

    private static String nonZeroHex(RandomGenerator random) {
        long id;
        do {
            id = random.nextLong();
        } while (id == 0);
        return HexFormat.of().toHexDigits(id);
    }

    @Override
    public void attemptStarted(int number, Endpoint endpoint, HttpHeaders upstreamHeaders) {
        if (traceparent != null) {
            upstreamHeaders.set(TraceHeaders.TRACEPARENT, traceparent);
        }
        if (newTrace) {
            upstreamHeaders.remove(TraceHeaders.TRACESTATE);
        }
    }

    @Override
    public void ended(ExchangeRecord record) {
    }

    @Override
    public String traceId() {
        return traceId;
    }
}
