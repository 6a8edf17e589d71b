package io.banyan.cli.ctl.migrations;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Locale;

/**
 * How a value of a migration view reads on the operator's terminal, in one place: rates as percentages, latencies in
 * milliseconds, absent values as {@code -}. Text is made safe first: the server relays request paths, ids and header
 * names it received from clients, so control characters (which could drive the terminal) become {@code ?} and a long
 * string is cut.
 */
public final class Shown {

    /** What an absent value shows. */
    public static final String NONE = "-";
    /** The longest text shown; the contract caps a sample's strings at 256 characters. */
    static final int MAX_CHARS = 256;

    private Shown() {
    }

    /** {@code text} without control characters, at most {@link #MAX_CHARS} characters, {@code -} when absent. */
    public static String text(String text) {
        return text(text, MAX_CHARS);
    }

    /** {@code text} safe and cut to {@code max} characters (an ellipsis ending it when cut). */
    public static String text(String text, int max) {
        if (text == null || text.isEmpty()) {
            return NONE;
        }
        int length = Math.min(text.length(), max);
        StringBuilder safe = new StringBuilder(length + 1);
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            safe.append(Character.isISOControl(c) ? '?' : c);
        }
        if (text.length() > max) {
            safe.setLength(max - 1);
            safe.append('…');
        }
        return safe.toString();
    }

    /** A JSON value (a match, a compare object) as compact JSON, made safe; {@code -} when absent. */
    public static String json(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? NONE : text(node.toString());
    }

    /** A rate 0..1 as a percentage with two decimals: {@code 0.0025} → {@code 0.25 %}. */
    public static String rate(Double rate) {
        return rate == null ? NONE : String.format(Locale.ROOT, "%.2f %%", rate * 100);
    }

    /** A difference of two rates in percentage points: {@code 0.005} → {@code 0.50 pt}. */
    public static String points(Double difference) {
        return difference == null ? NONE : String.format(Locale.ROOT, "%.2f pt", difference * 100);
    }

    /** A weight or share in percent: {@code 25 %}, {@code 0.5 %}. */
    public static String percent(double percent) {
        return (percent == Math.rint(percent) ? String.valueOf((long) percent) : String.valueOf(percent)) + " %";
    }

    /** Milliseconds with one decimal: {@code 20.4}; {@code -} when absent. */
    public static String millis(Double millis) {
        return millis == null ? NONE : String.format(Locale.ROOT, "%.1f", millis);
    }

    /** A number that may be absent. */
    public static String number(Number number) {
        return number == null ? NONE : String.valueOf(number);
    }
}
