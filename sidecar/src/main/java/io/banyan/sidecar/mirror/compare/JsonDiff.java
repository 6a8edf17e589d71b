package io.banyan.sidecar.mirror.compare;

import com.fasterxml.jackson.databind.JsonNode;
import io.banyan.dataplane.config.ShadowCompare;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The first difference between two JSON documents, in the live document's order: an object's members in the live
 * order, then members only the shadow has (in its order); an array's elements by index, so a longer array differs at
 * the first element the other lacks. Member order and white space never differ; numbers are compared by value
 * ({@code 1}, {@code 1.0} and {@code 1e0} are equal); a value whose path an ignore pattern selects is skipped with
 * all it holds, present or not on either side.
 */
public final class JsonDiff {

    private JsonDiff() {
    }

    /** The JSON pointer of the first differing value ({@code ""}: the whole document), or null when none differs. */
    public static String firstDifference(JsonNode live, JsonNode shadow, ShadowCompare compare) {
        List<String> path = new ArrayList<>();
        return differs(live, shadow, path, compare) ? pointer(path) : null;
    }

    private static boolean differs(JsonNode live, JsonNode shadow, List<String> path, ShadowCompare compare) {
        if (compare.ignores(path)) {
            return false;
        }
        if (live == null || shadow == null) {
            return live != shadow;
        }
        if (live.isObject() && shadow.isObject()) {
            return objectsDiffer(live, shadow, path, compare);
        }
        if (live.isArray() && shadow.isArray()) {
            int size = Math.max(live.size(), shadow.size());
            for (int i = 0; i < size; i++) {
                if (differsAt(String.valueOf(i), live.get(i), shadow.get(i), path, compare)) {
                    return true;
                }
            }
            return false;
        }
        if (live.isNumber() && shadow.isNumber()) {
            return live.decimalValue().compareTo(shadow.decimalValue()) != 0;
        }
        return !live.equals(shadow);
    }

    private static boolean objectsDiffer(JsonNode live, JsonNode shadow, List<String> path, ShadowCompare compare) {
        for (Iterator<Map.Entry<String, JsonNode>> it = live.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> member = it.next();
            if (differsAt(member.getKey(), member.getValue(), shadow.get(member.getKey()), path, compare)) {
                return true;
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = shadow.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> member = it.next();
            if (!live.has(member.getKey()) && differsAt(member.getKey(), null, member.getValue(), path, compare)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the values at {@code segment} under {@code path} differ; {@code path} keeps the segment when they do. */
    private static boolean differsAt(String segment, JsonNode live, JsonNode shadow, List<String> path,
                                     ShadowCompare compare) {
        path.add(segment);
        if (differs(live, shadow, path, compare)) {
            return true;
        }
        path.remove(path.size() - 1);
        return false;
    }

    /** RFC 6901: each segment after a {@code /}, {@code ~} as {@code ~0} and {@code /} as {@code ~1}. */
    static String pointer(List<String> path) {
        StringBuilder pointer = new StringBuilder();
        for (String segment : path) {
            pointer.append('/').append(segment.replace("~", "~0").replace("/", "~1"));
        }
        return pointer.toString();
    }
}
