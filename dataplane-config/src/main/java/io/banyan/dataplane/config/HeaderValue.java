package io.banyan.dataplane.config;

import io.banyan.primitives.check.Checks;

/**
 * A header a route adds to a request or a response (xDS {@code HeaderValueOption}), and how (xDS
 * {@code append_action}): {@link Action#APPEND} adds a value beside any there, {@link Action#ADD_IF_ABSENT} only when
 * there is none, {@link Action#OVERWRITE} replaces them (or adds), {@link Action#OVERWRITE_IF_EXISTS} replaces them
 * only when there are some. The value is literal.
 */
public record HeaderValue(String name, String value, Action action) {

    public enum Action {
        APPEND,
        ADD_IF_ABSENT,
        OVERWRITE,
        OVERWRITE_IF_EXISTS
    }

    public HeaderValue {
        HeaderMutations.checkMutable(name, "headerValue.name");
        checkValue(value, "headerValue.value of " + name);
        Checks.nonNull(action, "headerValue.action of " + name);
    }

    /**
     * Throws unless {@code value} is a header value a route may add: visible characters (at most U+00FF), spaces
     * and tabs; no control characters. The message names {@code field}; it never repeats the value.
     */
    public static String checkValue(String value, String field) {
        Checks.nonNull(value, field);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < ' ' && c != '\t' || c == 0x7f || c > 0xff) {
                throw new IllegalArgumentException(field + String.format(": U+%04X at index %d", (int) c, i)
                        + " (expected: visible characters, spaces and tabs; no control characters)");
            }
        }
        return value;
    }

    public static HeaderValue append(String name, String value) {
        return new HeaderValue(name, value, Action.APPEND);
    }

    public static HeaderValue overwrite(String name, String value) {
        return new HeaderValue(name, value, Action.OVERWRITE);
    }
}
