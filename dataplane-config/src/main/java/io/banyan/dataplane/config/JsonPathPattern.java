package io.banyan.dataplane.config;

import java.util.ArrayList;
import java.util.List;

/**
 * A JSONPath of the subset shadow comparisons ignore fields by: {@code $} then any number of selectors, each a member
 * {@code .name} (letters, digits, {@code _} and {@code -}) or {@code ['name']} / {@code ["name"]} (any name; {@code \}
 * escapes a quote or a backslash), an array index {@code [3]}, or {@code [*]} (any one member or element). It
 * {@link #matches} a value by its path in the document, given as the segments of its JSON pointer (RFC 6901,
 * unescaped): a name selects the member of that name, an index the element of that position, both exactly one
 * segment deep. {@code $} alone is the whole document.
 */
public final class JsonPathPattern {

    /** The longest pattern accepted, in characters. */
    public static final int MAX_LENGTH = 256;

    private final String text;
    /** One entry per selector: the segment it matches, or null for any one. */
    private final String[] selectors;

    private JsonPathPattern(String text, List<String> selectors) {
        this.text = text;
        this.selectors = selectors.toArray(String[]::new);
    }

    /**
     * Reads {@code text}; an error names the position (0-based) and what was expected there, e.g.
     * {@code "$.items[x]" at 8: 'x' (expected: a digit, * or a quoted name)}.
     */
    public static JsonPathPattern parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("'' (expected: a JSONPath starting with $)");
        }
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("'" + text.substring(0, 32) + "...' is " + text.length()
                    + " characters (expected: at most " + MAX_LENGTH + ")");
        }
        return new Parser(text).parse();
    }

    /**
     * Whether the value at the JSON pointer of {@code segments} (unescaped member names and decimal array indexes,
     * outermost first) is the one this pattern selects.
     */
    public boolean matches(List<String> segments) {
        if (segments.size() != selectors.length) {
            return false;
        }
        for (int i = 0; i < selectors.length; i++) {
            if (selectors[i] != null && !selectors[i].equals(segments.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** How many selectors follow {@code $}. */
    public int depth() {
        return selectors.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JsonPathPattern pattern && pattern.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** The pattern as written. */
    @Override
    public String toString() {
        return text;
    }

    private static final class Parser {

        private final String text;
        private final List<String> selectors = new ArrayList<>();
        private int at;

        Parser(String text) {
            this.text = text;
        }

        JsonPathPattern parse() {
            expect('$', "$");
            while (at < text.length()) {
                char c = text.charAt(at);
                if (c == '.') {
                    at++;
                    member();
                } else if (c == '[') {
                    at++;
                    bracket();
                } else {
                    throw error("'.' or '['");
                }
            }
            return new JsonPathPattern(text, selectors);
        }

        private void member() {
            int start = at;
            while (at < text.length() && isNameChar(text.charAt(at))) {
                at++;
            }
            if (at == start) {
                throw error("a member name (letters, digits, _ or -)");
            }
            selectors.add(text.substring(start, at));
        }

        private void bracket() {
            if (at >= text.length()) {
                throw error("a digit, * or a quoted name");
            }
            char c = text.charAt(at);
            if (c == '*') {
                at++;
                selectors.add(null); // any one
            } else if (c == '\'' || c == '"') {
                selectors.add(quoted(c));
            } else if (c >= '0' && c <= '9') {
                selectors.add(index());
            } else {
                throw error("a digit, * or a quoted name");
            }
            expect(']', "]");
        }

        private String quoted(char quote) {
            at++;
            StringBuilder name = new StringBuilder();
            while (at < text.length()) {
                char c = text.charAt(at++);
                if (c == quote) {
                    return name.toString();
                }
                if (c == '\\') {
                    if (at >= text.length() || (text.charAt(at) != quote && text.charAt(at) != '\\')) {
                        throw error("an escaped " + quote + " or \\");
                    }
                    c = text.charAt(at++);
                }
                name.append(c);
            }
            throw error("a closing " + quote);
        }

        private String index() {
            int start = at;
            while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
                at++;
            }
            String digits = text.substring(start, at);
            if (digits.length() > 1 && digits.charAt(0) == '0' || digits.length() > 9) {
                at = start;
                throw error("an index without leading zeros, below 1000000000");
            }
            return digits;
        }

        private void expect(char c, String expected) {
            if (at >= text.length() || text.charAt(at) != c) {
                throw error(expected);
            }
            at++;
        }

        private static boolean isNameChar(char c) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-';
        }

        private IllegalArgumentException error(String expected) {
            String found = at < text.length() ? "'" + text.charAt(at) + "'" : "the end";
            return new IllegalArgumentException("'" + text + "' at " + at + ": " + found + " (expected: " + expected
                    + ")");
        }
    }
}
