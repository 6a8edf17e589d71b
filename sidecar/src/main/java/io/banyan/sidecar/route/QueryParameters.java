package io.banyan.sidecar.route;

import java.nio.charset.StandardCharsets;

/**
 * Reads one parameter of a request target's query the way Envoy's route matching does: {@code name=value} pairs
 * split on {@code &}, names and values percent-decoded ({@code +} stays {@code +}), the first occurrence wins, a name
 * without {@code =} has the value {@code ""}. Parsed only when a route has query conditions, never stored.
 */
final class QueryParameters {

    private QueryParameters() {
    }

    /** The first decoded value of parameter {@code name} in {@code target}, or {@code null} when absent. */
    static String first(String target, String name) {
        int query = target.indexOf('?');
        if (query < 0) {
            return null;
        }
        int end = target.indexOf('#', query);
        end = end < 0 ? target.length() : end;
        int start = query + 1;
        while (start <= end) {
            int amp = target.indexOf('&', start);
            int pairEnd = amp < 0 || amp > end ? end : amp;
            if (pairEnd > start) {
                int equals = target.indexOf('=', start);
                int nameEnd = equals < 0 || equals > pairEnd ? pairEnd : equals;
                if (decode(target, start, nameEnd).equals(name)) {
                    return nameEnd == pairEnd ? "" : decode(target, nameEnd + 1, pairEnd);
                }
            }
            start = pairEnd + 1;
        }
        return null;
    }

    /** {@code text[start, end)} with each valid {@code %XX} decoded as UTF-8; an invalid escape stays as it is. */
    static String decode(String text, int start, int end) {
        int percent = text.indexOf('%', start);
        if (percent < 0 || percent >= end) {
            return text.substring(start, end);
        }
        byte[] bytes = new byte[end - start];
        int n = 0;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < end && hex(text.charAt(i + 1)) >= 0 && hex(text.charAt(i + 2)) >= 0) {
                bytes[n++] = (byte) (hex(text.charAt(i + 1)) << 4 | hex(text.charAt(i + 2)));
                i += 2;
            } else if (c < 0x80) {
                bytes[n++] = (byte) c;
            } else {
                return text.substring(start, end); // not ASCII: a target the guards would not pass; compare as is
            }
        }
        return new String(bytes, 0, n, StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
