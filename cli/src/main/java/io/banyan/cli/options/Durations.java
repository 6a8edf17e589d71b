package io.banyan.cli.options;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Human durations: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, {@code 3650d}, or ISO-8601 ({@code PT30S});
 * a bare {@code 0} is zero (which disables a timeout where the option allows it).
 */
public final class Durations {

    public static final String EXPECTED = "a duration like 500ms, 30s, 2m, 1h or 7d";
    private static final Pattern HUMAN = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)");

    private Durations() {
    }

    public static Duration parse(String text) {
        String value = text == null ? "" : text.trim();
        if ("0".equals(value)) {
            return Duration.ZERO;
        }
        Matcher matcher = HUMAN.matcher(value);
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        if (value.toUpperCase(java.util.Locale.ROOT).startsWith("P")) {
            try {
                return Duration.parse(value);
            } catch (java.time.format.DateTimeParseException e) {
                // fall through to the common error
            }
        }
        throw new IllegalArgumentException("'" + text + "' (expected: " + EXPECTED + ")");
    }

    /** The shortest human form: {@code 30s}, {@code 500ms}, {@code 2m}. */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 86_400_000 == 0 && millis > 0) {
            return millis / 86_400_000 + "d";
        }
        if (millis % 3_600_000 == 0 && millis > 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0 && millis > 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        if (millis > 1000) {
            return java.math.BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString() + "s";
        }
        return millis + "ms";
    }
}
