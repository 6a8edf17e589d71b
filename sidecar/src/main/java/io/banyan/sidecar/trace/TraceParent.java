package io.banyan.sidecar.trace;

/**
 * The trace context a request came with, as read by {@link TraceContextParser}: the caller's trace and span (null
 * for a B3 header that carries only a sampling decision), what the caller decided about sampling, and the format it
 * came in (so that a B3 caller's upstream gets B3 too).
 *
 * @param traceId  32 lowercase hex, not all zero (a 64-bit B3 trace id left-padded with zeros); null when the header
 *                 carried only a decision
 * @param spanId   16 lowercase hex, not all zero; null with {@code traceId}
 * @param decision sampled, not sampled, or left to this hop (B3 without a sampling state)
 * @param format   where it was read from
 */
public record TraceParent(String traceId, String spanId, Decision decision, Format format) {

    /** What the caller decided about recording the trace. */
    public enum Decision {
        SAMPLE, DROP, DEFER
    }

    /** The header format a context was read from. */
    public enum Format {
        W3C, B3_SINGLE, B3_MULTI
    }

    public TraceParent {
        if ((traceId == null) != (spanId == null)) {
            throw new IllegalArgumentException("traceId and spanId: both or neither (expected: a span of a trace)");
        }
    }

    /** Whether it names a span to continue (false for a bare B3 sampling decision). */
    public boolean hasSpan() {
        return traceId != null;
    }
}
