package io.banyan.primitives.time;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration grammar of the mesh, in flags, YAML, policy JSON and xDS metadata: a number with a unit,
 * {@code 250ms}, {@code 1.5s}, {@code 10s}, {@code 5m}, {@code 2h}, {@code 7d}, or several from the largest unit
 * down ({@code 1h30m}); a bare {@code 0}; or ISO-8601 ({@code PT30S}). Negative durations are refused. Written back
 * in the same grammar, by {@link #format}.
 */
public final class Durations {

    /** What a duration looks like, for "(expected: ...)" messages. */
    public static final String EXPECTED = "a duration like 250ms, 1.5s, 5m, 7d";

    private static final Pattern PART = Pattern.compile("(\\d{1,12}(?:\\.\\d{1,9})?)(ms|s|m|h|d)");
    private static final String[] UNITS = {"d", "h", "m", "s", "ms"};
    private static final long[] NANOS = {86_400_000_000_000L, 3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L,
            1_000_000L};

    private Durations() {
    }

    /** Parses {@code text}, or throws an {@link IllegalArgumentException} "'text' (expected: a duration like ...)". */
    public static Duration parse(String text) {
        Duration duration = parseOrNull(text);
        if (duration == null) {
            throw new IllegalArgumentException("'" + text + "' (expected: " + EXPECTED + ")");
        }
        return duration;
    }

    /** Parses {@code text}; null if it is not a duration of this grammar. */
    public static Duration parseOrNull(String text) {
        if (text == null) {
            return null;
        }
        String value = text.trim();
        if (value.equals("0")) {
            return Duration.ZERO;
        }
        if (value.toUpperCase(Locale.ROOT).startsWith("P")) {
            return iso(value);
        }
        return human(value);
    }

    /**
     * The duration in the largest of the units h, m, s, ms that holds it whole: {@code 2h}, {@code 168h} (a week;
     * "24h" reads better than "1d" in a range), {@code 90m}, {@code 30s}, {@code 1500ms}, {@code 0s};
     * sub-millisecond durations as fractional seconds ({@code 0.0000015s}). A negative
     * duration, which this grammar does not read, is written with a leading '-' for messages ({@code -5s}).
     */
    public static String format(Duration duration) {
        if (duration.isNegative()) {
            return "-" + format(duration.negated());
        }
        long millis = duration.toMillis();
        if (!duration.equals(Duration.ofMillis(millis))) {
            return BigDecimal.valueOf(duration.getSeconds()).add(BigDecimal.valueOf(duration.getNano(), 9))
                    .stripTrailingZeros().toPlainString() + "s";
        }
        if (millis == 0) {
            return "0s";
        }
        int unit = 1; // hours
        while (millis % (NANOS[unit] / 1_000_000L) != 0) {
            unit++; // ends at ms, which divides every millisecond count
        }
        return millis / (NANOS[unit] / 1_000_000L) + UNITS[unit];
    }

    private static Duration iso(String value) {
        try {
            Duration duration = Duration.parse(value);
            return duration.isNegative() ? null : duration;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** One or more number-unit parts, each unit smaller than the one before. */
    private static Duration human(String value) {
        Matcher m = PART.matcher(value);
        BigDecimal nanos = BigDecimal.ZERO;
        int position = 0;
        int lastUnit = -1;
        while (position < value.length()) {
            if (!m.find(position) || m.start() != position) {
                return null;
            }
            int unit = unitIndex(m.group(2));
            if (unit <= lastUnit) {
                return null;
            }
            nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(NANOS[unit])));
            lastUnit = unit;
            position = m.end();
        }
        if (lastUnit < 0 || nanos.stripTrailingZeros().scale() > 0) {
            return null;
        }
        try {
            BigDecimal[] seconds = nanos.divideAndRemainder(BigDecimal.valueOf(1_000_000_000L));
            return Duration.ofSeconds(seconds[0].longValueExact(), seconds[1].longValueExact());
        } catch (ArithmeticException e) {
            return null;
        }
    }

    private static int unitIndex(String unit) {
        for (int i = 0; i < UNITS.length; i++) {
            if (UNITS[i].equals(unit)) {
                return i;
            }
        }
        throw new IllegalStateException(unit);
    }
}
