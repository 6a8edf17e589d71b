package io.banyan.cli.options;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte sizes: {@code 16384}, {@code 512B}, {@code 60KiB}, {@code 1MiB} (binary units, case-insensitive), at most 2 GiB - 1. */
public final class Sizes {

    public static final String EXPECTED = "a size like 16384, 60KiB or 1MiB";
    private static final Pattern SIZE = Pattern.compile("(\\d{1,10})\\s*(b|kib|mib|gib)?");

    private Sizes() {
    }

    /** The size in bytes; anything else, or more than {@link Integer#MAX_VALUE} bytes, is an IllegalArgumentException. */
    public static int parse(String text) {
        String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        Matcher matcher = SIZE.matcher(value);
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            String unit = matcher.group(2) == null ? "b" : matcher.group(2);
            long bytes = switch (unit) {
                case "kib" -> amount << 10;
                case "mib" -> amount << 20;
                case "gib" -> amount << 30;
                default -> amount;
            };
            if (bytes <= Integer.MAX_VALUE) {
                return (int) bytes;
            }
        }
        throw new IllegalArgumentException("'" + text + "' (expected: " + EXPECTED + ")");
    }
}
