package io.banyan.controlplane.authz;

import io.banyan.controlplane.registry.InvalidFieldException;

import java.util.Arrays;
import java.util.stream.Collectors;

/** What a service without an allow list accepts: every caller with a mesh identity, or nobody. */
public enum DefaultMode {
    ALLOW_ALL("allow-all"),
    DENY_UNLESS_ALLOWED("deny-unless-allowed");

    private final String text;

    DefaultMode(String text) {
        this.text = text;
    }

    /** The wire form: {@code allow-all} or {@code deny-unless-allowed}. */
    public String text() {
        return text;
    }

    /** Parses the wire form, naming {@code field} when it is missing or unknown. */
    public static DefaultMode parse(String field, String value) {
        for (DefaultMode mode : values()) {
            if (mode.text.equals(value)) {
                return mode;
            }
        }
        String expected = Arrays.stream(values()).map(DefaultMode::text).collect(Collectors.joining(" or "));
        throw new InvalidFieldException(field, field + ": " + (value == null ? "missing" : "'" + value + "'")
                + " (expected: " + expected + ")");
    }
}
