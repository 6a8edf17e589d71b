package io.banyan.dataplane.config;

import io.banyan.primitives.check.Checks;

import java.util.ArrayList;
import java.util.List;

/**
 * A path template in the syntax of Envoy's {@code envoy.path.match.uri_template}, as far as Banyan supports it:
 * literal segments, {@code *} for exactly one non-empty segment, and {@code **} for the rest of the path (zero or
 * more characters, slashes included; last only), e.g. {@code /orders/*}{@code /items} or {@code /static/**}.
 * Variables ({@code {name}}) are refused. Parsed once; {@link #matches} walks the path without allocating.
 * Equal when their text is equal.
 */
public final class PathTemplate {

    /** The name of the {@code path_match_policy} extension whose {@code path_template} this is. */
    public static final String EXTENSION = "envoy.path.match.uri_template";

    /** The characters Envoy allows in a literal segment (RFC 3986 pchar, '%' for escapes). */
    private static final String LITERAL_PUNCTUATION = "-._~%!$&'()+,;:@=";
    private static final String ONE = "*";
    private static final String REST = "**";

    private final String text;
    /** The segments after the leading '/', each a literal, {@link #ONE} or {@link #REST} (same instances). */
    private final String[] segments;

    private PathTemplate(String text, String[] segments) {
        this.text = text;
        this.segments = segments;
    }

    /** Parses {@code template}; the message names {@code field} and says what was expected. */
    public static PathTemplate parse(String template, String field) {
        Checks.nonNull(template, field);
        if (!template.startsWith("/")) {
            throw invalid(field, template, "starts with '/'");
        }
        List<String> segments = new ArrayList<>();
        int start = 1;
        while (true) {
            int slash = template.indexOf('/', start);
            String segment = template.substring(start, slash < 0 ? template.length() : slash);
            if (!segments.isEmpty() && segments.get(segments.size() - 1) == REST) {
                throw invalid(field, template, "'**' only as the last segment");
            }
            segments.add(segment(segment, template, field, slash < 0));
            if (slash < 0) {
                break;
            }
            start = slash + 1;
        }
        return new PathTemplate(template, segments.toArray(String[]::new));
    }

    private static String segment(String segment, String template, String field, boolean last) {
        if (segment.equals(ONE)) {
            return ONE;
        }
        if (segment.equals(REST)) {
            return REST;
        }
        if (segment.isEmpty() && !last) {
            throw invalid(field, template, "no empty segment ('//')");
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            boolean alphanumeric = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
            if (!alphanumeric && LITERAL_PUNCTUATION.indexOf(c) < 0) {
                throw invalid(field, template, "segments that are literal, '*' or a final '**'; '" + c
                        + "' is not allowed in a literal and variables are unsupported");
            }
        }
        return segment;
    }

    private static IllegalArgumentException invalid(String field, String template, String expected) {
        return new IllegalArgumentException(field + ": '" + template + "' (expected: " + expected + ")");
    }

    /** Whether the path {@code target[0, end)} (no query) matches: literals exactly, '*' one segment, '**' the rest. */
    public boolean matches(CharSequence target, int end) {
        if (end < 1 || target.charAt(0) != '/') {
            return false;
        }
        int at = 1;
        for (int s = 0; s < segments.length; s++) {
            String segment = segments[s];
            if (segment == REST) {
                return true;
            }
            int slash = indexOfSlash(target, at, end);
            int segmentEnd = slash < 0 ? end : slash;
            if (segment == ONE) {
                if (segmentEnd == at) {
                    return false;
                }
            } else if (segmentEnd - at != segment.length() || !regionEquals(target, at, segment)) {
                return false;
            }
            boolean lastSegment = s == segments.length - 1;
            if (lastSegment) {
                return slash < 0;
            }
            if (slash < 0) {
                return false; // the path ends before the template: '/static' does not match '/static/**', as in Envoy
            }
            at = slash + 1;
        }
        return false;
    }

    private static int indexOfSlash(CharSequence target, int from, int end) {
        for (int i = from; i < end; i++) {
            if (target.charAt(i) == '/') {
                return i;
            }
        }
        return -1;
    }

    private static boolean regionEquals(CharSequence target, int at, String literal) {
        for (int i = 0, n = literal.length(); i < n; i++) {
            if (target.charAt(at + i) != literal.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    public String text() {
        return text;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PathTemplate template && template.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
