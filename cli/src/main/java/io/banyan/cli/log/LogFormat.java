package io.banyan.cli.log;

import java.util.Locale;

/** How the process's own log lines look: {@code text} (one readable line) or {@code json} (one object per line). */
public enum LogFormat {
    TEXT, JSON;

    public static final String EXPECTED = "text or json";

    /** {@code text} or {@code json}, any case; anything else is an IllegalArgumentException. */
    public static LogFormat of(String name) {
        String value = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "text" -> TEXT;
            case "json" -> JSON;
            default -> throw new IllegalArgumentException("'" + name + "' (expected: " + EXPECTED + ")");
        };
    }
}
