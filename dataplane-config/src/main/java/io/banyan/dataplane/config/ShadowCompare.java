package io.banyan.dataplane.config;

import io.banyan.primitives.check.Checks;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How the data plane compares a shadow copy's answer with the live one (route metadata {@code io.banyan.shadow}):
 * the {@code status} when true; each of {@code headers} (lower-case names; all values of a header, joined by
 * {@code ","}, must be equal, and absent on one side only is a difference); the body as {@link BodyMode}, ignoring
 * with {@link BodyMode#JSON} the values an {@code ignore} pattern selects. A body longer than {@code maxBodyBytes}
 * on either side is not compared: the pair counts as failed.
 */
public record ShadowCompare(boolean status, List<String> headers, BodyMode body, List<JsonPathPattern> ignore,
                            int maxBodyBytes) {

    /** How a body is compared. */
    public enum BodyMode {
        /** Byte for byte, by a digest computed as the body streams. */
        EXACT("exact"),
        /** As JSON documents: member order, white space and number spelling do not matter. */
        JSON("json"),
        /** Not at all. */
        NONE("none");

        private final String token;

        BodyMode(String token) {
            this.token = token;
        }

        /** The name in configuration: {@code exact}, {@code json} or {@code none}. */
        public String token() {
            return token;
        }

        /** The mode named {@code token}; null when there is none. */
        public static BodyMode of(String token) {
            for (BodyMode mode : values()) {
                if (mode.token.equals(token)) {
                    return mode;
                }
            }
            return null;
        }
    }

    public static final int DEFAULT_MAX_BODY_BYTES = 65_536;
    public static final int MAX_BODY_BYTES = 1_048_576;
    /** The most headers, and the most ignore patterns, one comparison names. */
    public static final int MAX_ENTRIES = 32;

    /** The defaults: status, no header, the exact body up to 64 KiB. */
    public static final ShadowCompare DEFAULT = new ShadowCompare(true, List.of(), BodyMode.EXACT, List.of(),
            DEFAULT_MAX_BODY_BYTES);

    public ShadowCompare {
        headers = List.copyOf(Checks.nonNull(headers, "compare.headers"));
        Checks.nonNull(body, "compare.body");
        ignore = List.copyOf(Checks.nonNull(ignore, "compare.ignore"));
        Checks.between(maxBodyBytes, 1, MAX_BODY_BYTES, "compare.maxBodyBytes");
        if (headers.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("compare.headers: " + headers.size() + " names (expected: at most "
                    + MAX_ENTRIES + ")");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < headers.size(); i++) {
            String name = headers.get(i);
            if (!isLowerCaseToken(name)) {
                throw new IllegalArgumentException("compare.headers[" + i + "]: '" + name
                        + "' (expected: a lower-case header name)");
            }
            if (!seen.add(name)) {
                throw new IllegalArgumentException("compare.headers[" + i + "]: '" + name
                        + "' named twice (expected: each header once)");
            }
        }
        if (!ignore.isEmpty() && body != BodyMode.JSON) {
            throw new IllegalArgumentException("compare.ignore: " + ignore + " with body " + body.token()
                    + " (expected: ignore only with body json)");
        }
        if (ignore.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("compare.ignore: " + ignore.size() + " patterns (expected: at most "
                    + MAX_ENTRIES + ")");
        }
    }

    /**
     * A comparison from configuration's words (the control plane's JSON, the route metadata): {@code body} one of
     * {@code exact}, {@code json}, {@code none}; {@code ignore} as JSONPath text. An error names the field and what
     * was expected: {@code compare.body: 'xml' (expected: exact, json or none)}, {@code compare.ignore[1]: '$.a[x]'
     * at 4: 'x' (expected: a digit, * or a quoted name)}.
     */
    public static ShadowCompare of(boolean status, List<String> headers, String body, List<String> ignore,
                                   int maxBodyBytes) {
        BodyMode mode = BodyMode.of(body);
        if (mode == null) {
            throw new IllegalArgumentException("compare.body: '" + body + "' (expected: exact, json or none)");
        }
        Checks.nonNull(ignore, "compare.ignore");
        if (ignore.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("compare.ignore: " + ignore.size() + " patterns (expected: at most "
                    + MAX_ENTRIES + ")");
        }
        List<JsonPathPattern> patterns = new ArrayList<>(ignore.size());
        for (int i = 0; i < ignore.size(); i++) {
            try {
                patterns.add(JsonPathPattern.parse(ignore.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("compare.ignore[" + i + "]: " + e.getMessage(), e);
            }
        }
        return new ShadowCompare(status, headers, mode, patterns, maxBodyBytes);
    }

    /** Whether the JSON value at {@code segments} (see {@link JsonPathPattern#matches}) is left out. */
    public boolean ignores(List<String> segments) {
        for (int i = 0; i < ignore.size(); i++) {
            if (ignore.get(i).matches(segments)) {
                return true;
            }
        }
        return false;
    }

    /** An HTTP field name (RFC 9110 token) in lower case. */
    private static boolean isLowerCaseToken(String name) {
        if (name == null || name.isEmpty() || !name.equals(name.toLowerCase(Locale.ROOT))) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean tchar = c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!tchar) {
                return false;
            }
        }
        return true;
    }
}
