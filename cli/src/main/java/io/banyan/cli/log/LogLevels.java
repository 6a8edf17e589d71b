package io.banyan.cli.log;

import ch.qos.logback.classic.Level;

import java.util.Locale;

/** The levels {@code --log-level} takes: error, warn, info, debug, trace. */
public final class LogLevels {

    public static final String EXPECTED = "error, warn, info, debug or trace";

    private LogLevels() {
    }

    /** The level named {@code name}, any case; anything else is an IllegalArgumentException. */
    public static Level of(String name) {
        String value = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "error" -> Level.ERROR;
            case "warn" -> Level.WARN;
            case "info" -> Level.INFO;
            case "debug" -> Level.DEBUG;
            case "trace" -> Level.TRACE;
            default -> throw new IllegalArgumentException("'" + name + "' (expected: " + EXPECTED + ")");
        };
    }
}
