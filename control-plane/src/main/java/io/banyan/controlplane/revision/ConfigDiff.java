package io.banyan.controlplane.revision;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The readable difference between two versions of a configuration object's JSON: one line for each value added
 * ({@code + routes[2]: {...}}), removed ({@code - retries}) or changed ({@code ~ routes[0].to[1].weight: 10 -> 25}),
 * in the order of the older version, then what only the newer one has. Objects are compared member by member, arrays
 * element by element (by index); numbers by value. A whole object created or deleted is one line ({@code + {...}},
 * {@code - {...}}). Values longer than {@link #MAX_VALUE} characters are cut; at most {@link #MAX_LINES} lines.
 */
public final class ConfigDiff {

    public static final int MAX_VALUE = 200;
    public static final int MAX_LINES = 200;

    private ConfigDiff() {
    }

    public static List<String> lines(JsonNode before, JsonNode after) {
        return lines(before, after, Redaction.of(""));
    }

    /** The lines, with the values {@code redaction} hides shown as it shows them. */
    public static List<String> lines(JsonNode before, JsonNode after, Redaction redaction) {
        List<String> lines = new ArrayList<>();
        if (before == null && after != null) {
            lines.add("+ " + cut(redaction.show("", after)));
        } else if (before != null && after == null) {
            lines.add("- " + cut(redaction.show("", before)));
        } else if (before != null) {
            compare("", before, after, lines, redaction);
        }
        if (lines.size() > MAX_LINES) {
            int more = lines.size() - MAX_LINES;
            List<String> shown = new ArrayList<>(lines.subList(0, MAX_LINES));
            shown.add("... " + more + " more");
            return List.copyOf(shown);
        }
        return List.copyOf(lines);
    }

    private static void compare(String path, JsonNode before, JsonNode after, List<String> lines,
                                Redaction redaction) {
        if (before.isObject() && after.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = before.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> member = it.next();
                String at = member(path, member.getKey());
                JsonNode other = after.get(member.getKey());
                if (other == null) {
                    lines.add("- " + at);
                } else {
                    compare(at, member.getValue(), other, lines, redaction);
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = after.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> member = it.next();
                if (!before.has(member.getKey())) {
                    String at = member(path, member.getKey());
                    lines.add("+ " + at + ": " + cut(redaction.show(at, member.getValue())));
                }
            }
        } else if (before.isArray() && after.isArray()) {
            for (int i = 0; i < Math.max(before.size(), after.size()); i++) {
                String at = path + "[" + i + "]";
                if (i >= after.size()) {
                    lines.add("- " + at);
                } else if (i >= before.size()) {
                    lines.add("+ " + at + ": " + cut(redaction.show(at, after.get(i))));
                } else {
                    compare(at, before.get(i), after.get(i), lines, redaction);
                }
            }
        } else if (!same(before, after)) {
            lines.add("~ " + (path.isEmpty() ? "" : path + ": ") + cut(redaction.show(path, before)) + " -> "
                    + cut(redaction.show(path, after)));
        }
    }

    private static boolean same(JsonNode before, JsonNode after) {
        if (before.isNumber() && after.isNumber()) {
            return before.decimalValue().compareTo(after.decimalValue()) == 0;
        }
        return before.equals(after);
    }

    private static String member(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static String cut(String text) {
        return text.length() <= MAX_VALUE ? text : text.substring(0, MAX_VALUE) + "...";
    }
}
