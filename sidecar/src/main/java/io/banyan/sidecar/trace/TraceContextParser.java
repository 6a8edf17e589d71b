package io.banyan.sidecar.trace;

import io.banyan.sidecar.trace.TraceParent.Decision;
import io.banyan.sidecar.trace.TraceParent.Format;

import java.util.function.Function;

/**
 * Reads the trace context of a request, strictly: W3C {@code traceparent} first, then B3 single ({@code b3}), then
 * B3 multi ({@code x-b3-*}), as OpenTelemetry's composite propagator does. A header that is not exactly valid is
 * ignored (the next format is tried, and with none left the request starts a new trace): a bad header never fails a
 * request. Nothing is allocated but the ids of a valid context.
 */
public final class TraceContextParser {

    private static final int TRACEPARENT_LENGTH = 55;
    private static final String PADDING = "0000000000000000";

    private TraceContextParser() {
    }

    /** The context in {@code headers} (a header's value by lower-case name, null when absent), or null for none. */
    public static TraceParent parse(Function<String, String> headers) {
        TraceParent w3c = traceparent(headers.apply(TraceHeaders.TRACEPARENT));
        if (w3c != null) {
            return w3c;
        }
        TraceParent single = b3Single(headers.apply(TraceHeaders.B3));
        if (single != null) {
            return single;
        }
        return b3Multi(headers.apply(TraceHeaders.B3_TRACE_ID), headers.apply(TraceHeaders.B3_SPAN_ID),
                headers.apply(TraceHeaders.B3_SAMPLED), headers.apply(TraceHeaders.B3_FLAGS));
    }

    /**
     * W3C {@code version-traceid-parentid-flags}: version 00 exactly 55 characters; a later version (not ff) at
     * least 55, the rest after a dash ignored, as the specification asks; lower-case hex; ids not all zero.
     */
    public static TraceParent traceparent(String value) {
        if (value == null || value.length() < TRACEPARENT_LENGTH) {
            return null;
        }
        value = value.strip();
        int length = value.length();
        if (length < TRACEPARENT_LENGTH || !isHex(value, 0, 2) || value.startsWith("ff")) {
            return null;
        }
        boolean version00 = value.charAt(0) == '0' && value.charAt(1) == '0';
        if (version00 ? length != TRACEPARENT_LENGTH : length > TRACEPARENT_LENGTH && value.charAt(55) != '-') {
            return null;
        }
        if (value.charAt(2) != '-' || value.charAt(35) != '-' || value.charAt(52) != '-'
                || !isId(value, 3, 35) || !isId(value, 36, 52) || !isHex(value, 53, 55)) {
            return null;
        }
        boolean sampled = (Character.digit(value.charAt(54), 16) & 1) == 1;
        return new TraceParent(value.substring(3, 35), value.substring(36, 52),
                sampled ? Decision.SAMPLE : Decision.DROP, Format.W3C);
    }

    /** B3 single: {@code traceid-spanid[-sampling[-parentspanid]]}, or a bare {@code 0}, {@code 1} or {@code d}. */
    public static TraceParent b3Single(String value) {
        if (value == null) {
            return null;
        }
        value = value.strip();
        if (value.length() == 1) {
            Decision alone = b3Sampling(value.charAt(0));
            return alone == null || alone == Decision.DEFER ? null
                    : new TraceParent(null, null, alone, Format.B3_SINGLE);
        }
        int first = value.indexOf('-');
        if (first != 16 && first != 32) {
            return null;
        }
        int spanEnd = first + 17;
        if (value.length() < spanEnd || value.charAt(spanEnd - 17) != '-' || !isId(value, 0, first)
                || !isId(value, first + 1, spanEnd)) {
            return null;
        }
        Decision decision = Decision.DEFER;
        if (value.length() > spanEnd) {
            // -sampling, then optionally -parentspanid (16 hex)
            if (value.charAt(spanEnd) != '-' || value.length() < spanEnd + 2) {
                return null;
            }
            decision = b3Sampling(value.charAt(spanEnd + 1));
            int rest = spanEnd + 2;
            if (decision == null || value.length() != rest
                    && (value.length() != rest + 17 || value.charAt(rest) != '-'
                    || !isId(value, rest + 1, rest + 17))) {
                return null;
            }
        }
        return new TraceParent(traceId(value.substring(0, first)), value.substring(first + 1, spanEnd), decision,
                Format.B3_SINGLE);
    }

    /** B3 multi: {@code x-b3-traceid} and {@code x-b3-spanid} with {@code x-b3-sampled} or {@code x-b3-flags: 1}. */
    public static TraceParent b3Multi(String traceId, String spanId, String sampled, String flags) {
        Decision decision = "1".equals(flags) ? Decision.SAMPLE : multiSampling(sampled);
        if (decision == null) {
            return null;
        }
        if (traceId == null && spanId == null) {
            return decision == Decision.DEFER ? null : new TraceParent(null, null, decision, Format.B3_MULTI);
        }
        if (traceId == null || spanId == null) {
            return null;
        }
        traceId = traceId.strip();
        spanId = spanId.strip();
        if (traceId.length() != 16 && traceId.length() != 32 || !isId(traceId, 0, traceId.length())
                || spanId.length() != 16 || !isId(spanId, 0, 16)) {
            return null;
        }
        return new TraceParent(traceId(traceId), spanId, decision, Format.B3_MULTI);
    }

    private static Decision multiSampling(String sampled) {
        if (sampled == null) {
            return Decision.DEFER;
        }
        return switch (sampled.strip()) {
            case "1", "true" -> Decision.SAMPLE;
            case "0", "false" -> Decision.DROP;
            default -> null;
        };
    }

    private static Decision b3Sampling(char c) {
        return switch (c) {
            case '1', 'd' -> Decision.SAMPLE;
            case '0' -> Decision.DROP;
            default -> null;
        };
    }

    /** A 64-bit B3 trace id as W3C's 128 bits: left-padded with zeros. */
    private static String traceId(String id) {
        return id.length() == 32 ? id : PADDING + id;
    }

    /** Lower-case hex in [from, to), not all zeros. */
    private static boolean isId(String value, int from, int to) {
        boolean nonZero = false;
        for (int i = from; i < to; i++) {
            char c = value.charAt(i);
            if (!isLowerHex(c)) {
                return false;
            }
            nonZero |= c != '0';
        }
        return nonZero;
    }

    private static boolean isHex(String value, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isLowerHex(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLowerHex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f';
    }
}
