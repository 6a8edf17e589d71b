package io.banyan.sidecar.trace;

/**
 * The names of every trace-context header the sidecar reads or writes, and how it writes them: W3C Trace Context and
 * Zipkin's B3 (single and multi).
 */
public final class TraceHeaders {

    /** W3C: {@code version-traceid-parentid-flags}. */
    public static final String TRACEPARENT = "traceparent";
    /** W3C: vendor entries, passed on untouched while the trace continues. */
    public static final String TRACESTATE = "tracestate";
    /** B3 single: {@code traceid-spanid[-sampled[-parentspanid]]}, or only the sampling state. */
    public static final String B3 = "b3";
    public static final String B3_TRACE_ID = "x-b3-traceid";
    public static final String B3_SPAN_ID = "x-b3-spanid";
    public static final String B3_PARENT_SPAN_ID = "x-b3-parentspanid";
    public static final String B3_SAMPLED = "x-b3-sampled";
    public static final String B3_FLAGS = "x-b3-flags";

    private TraceHeaders() {
    }

    /** A version-00 {@code traceparent} value. */
    public static String traceparent(String traceId, String spanId, boolean sampled) {
        return new StringBuilder(55).append("00-").append(traceId).append('-').append(spanId)
                .append(sampled ? "-01" : "-00").toString();
    }

    /** A B3 single value with the parent span: {@code traceid-spanid-1|0-parentspanid}. */
    public static String b3(String traceId, String spanId, boolean sampled, String parentSpanId) {
        return new StringBuilder(traceId.length() + 37).append(traceId).append('-').append(spanId)
                .append(sampled ? "-1-" : "-0-").append(parentSpanId).toString();
    }
}
