package io.banyan.primitives.text;

/**
 * The one way a long value is cut to a bound before it is shown in an error or written to a log: its first
 * characters, then {@value #MARK}, never splitting a surrogate pair.
 */
public final class Cut {

    /** What ends a value that was cut. */
    public static final String MARK = "...";

    private Cut() {
    }

    /**
     * {@code text} itself when it has at most {@code max} characters; otherwise its first {@code max} characters (one
     * fewer when the last would be the first half of a surrogate pair) followed by {@value #MARK}. Null stays null.
     */
    public static String toLength(String text, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max: " + max + " (expected: >= 1)");
        }
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end) + MARK;
    }
}
