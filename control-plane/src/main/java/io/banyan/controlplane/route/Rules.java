package io.banyan.controlplane.route;

import io.banyan.controlplane.registry.InvalidFieldException;
import io.banyan.dataplane.config.HeaderValue;
import io.banyan.primitives.name.ServiceName;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The checks of route fields. A record checks its own fields and names them relative to itself ({@code weight});
 * {@link RouteJson} puts the JSON path of the record in front ({@code routes[2].to[1].weight}).
 */
final class Rules {

    /** The longest header value, query value, path or prefix a route may hold. */
    static final int MAX_VALUE_BYTES = 1024;
    static final int MAX_MATCHERS = 16;
    /** The longest header name. */
    static final int MAX_NAME_CHARS = 256;
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9a-z-]{1,256}");
    private static final Pattern HOST = Pattern.compile(
            "(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    private Rules() {
    }

    static InvalidFieldException invalid(String field, String message) {
        return new InvalidFieldException(field, field + ": " + message);
    }

    static <T> T orDefault(T value, T fallback) {
        return value == null ? fallback : value;
    }

    /** Throws unless exactly one of {@code values} is non-null, naming the first field, or the second one given. */
    static void exactlyOne(List<String> names, Object... values) {
        List<String> given = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                given.add(names.get(i));
            }
        }
        if (given.size() != 1) {
            throw invalid(given.isEmpty() ? names.get(0) : given.get(1),
                    (given.isEmpty() ? "missing" : "given with " + given.get(0)) + " (expected: exactly one of "
                            + String.join(", ", names) + ")");
        }
    }

    static String serviceName(String field, String name) {
        if (!ServiceName.isValid(name)) {
            throw new InvalidFieldException(field, ServiceName.problem(name, field));
        }
        return name;
    }

    static <T> List<T> atMost(String field, List<T> values, int max) {
        if (values == null) {
            return List.of();
        }
        if (values.size() > max) {
            throw invalid(field, values.size() + " entries (expected: at most " + max + ")");
        }
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                throw invalid(field + "[" + i + "]", "null (expected: a value)");
            }
        }
        return List.copyOf(values);
    }

    /** A header (or query parameter) name, lower-cased: an HTTP token, not a pseudo-header. */
    static String headerName(String field, String name) {
        if (name == null || name.isEmpty()) {
            throw invalid(field, "missing (expected: a header name)");
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (!TOKEN.matcher(lower).matches()) {
            throw invalid(field, "'" + clip(name) + "' (expected: a header name: 1..256 letters, digits or !#$%&'*+.^_`|~-)");
        }
        return lower;
    }

    /** A header or query value: at most 1 KiB of visible characters, spaces and tabs. */
    static String value(String field, String value) {
        if (value == null) {
            throw invalid(field, "null (expected: a string)");
        }
        if (value.getBytes(StandardCharsets.UTF_8).length > MAX_VALUE_BYTES) {
            throw invalid(field, "'" + clip(value) + "' (expected: at most " + MAX_VALUE_BYTES + " bytes)");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                throw invalid(field, "'" + clip(value) + "' (expected: no control characters)");
            }
        }
        return value;
    }

    /**
     * A header name a route may add, set or remove, lower-cased: the sidecars' rule ({@link
     * io.banyan.dataplane.config.HeaderMutations#checkMutable}: an HTTP token the mesh does not own), at most 256
     * characters.
     */
    static String mutableHeaderName(String field, String name) {
        if (name == null || name.isEmpty()) {
            throw invalid(field, "missing (expected: a header name)");
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.length() > MAX_NAME_CHARS) {
            throw invalid(field, "'" + clip(name) + "' (expected: at most " + MAX_NAME_CHARS + " characters)");
        }
        return fromDataplane(field, () -> io.banyan.dataplane.config.HeaderMutations.checkMutable(lower, field), lower);
    }

    /** A header value a route adds or sets: at most 1 KiB, and the sidecars' rule ({@link HeaderValue#checkValue}). */
    static String mutableHeaderValue(String field, String value) {
        if (value != null && value.getBytes(StandardCharsets.UTF_8).length > MAX_VALUE_BYTES) {
            throw invalid(field, "'" + clip(value) + "' (expected: at most " + MAX_VALUE_BYTES + " bytes)");
        }
        return fromDataplane(field, () -> HeaderValue.checkValue(value, field), value);
    }

    /**
     * Runs a rule of the sidecars' config ({@code io.banyan.dataplane.config}), given {@code field} so its message
     * starts with the field path, and returns {@code value}; its refusal becomes the 400 of {@code field}.
     */
    static <T> T fromDataplane(String field, Runnable rule, T value) {
        dataplaneRule(rule);
        return value;
    }

    /**
     * Runs a rule of the sidecars' config; its refusal ({@code field: what (expected: ...)}) becomes the 400 of the
     * field its message starts with, relative to the record checked ({@link RouteJson} puts the JSON path first).
     */
    static void dataplaneRule(Runnable rule) {
        try {
            rule.run();
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            throw new InvalidFieldException(message.substring(0, Math.max(0, message.indexOf(':'))), message);
        }
    }

    /** A path or path prefix: starts with '/', at most 1 KiB, no spaces, controls, '?' or '#'. */
    static String path(String field, String path) {
        if (path == null || !path.startsWith("/")) {
            throw invalid(field, (path == null ? "null" : "'" + clip(path) + "'") + " (expected: a path starting with '/')");
        }
        if (path.length() > MAX_VALUE_BYTES) {
            throw invalid(field, "'" + clip(path) + "' (expected: at most " + MAX_VALUE_BYTES + " characters)");
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '?' || c == '#') {
                throw invalid(field, "'" + clip(path) + "' (expected: a path of visible ASCII characters without"
                        + " '?' or '#')");
            }
        }
        return path;
    }

    /** A host name, lower-cased; with {@code wildcard}, also {@code *.suffix}. */
    static String host(String field, String host, boolean wildcard) {
        String lower = host == null ? "" : host.toLowerCase(Locale.ROOT);
        String name = wildcard && lower.startsWith("*.") ? lower.substring(2) : lower;
        if (!HOST.matcher(name).matches()) {
            throw invalid(field, "'" + clip(String.valueOf(host)) + "' (expected: a host name"
                    + (wildcard ? " like shop.example.com or *.example.com)" : " like new.example.com)"));
        }
        return lower;
    }

    static void unique(String field, Collection<String> seen, String value) {
        if (seen.contains(value)) {
            throw invalid(field, "'" + clip(value) + "' given twice (expected: each once)");
        }
        seen.add(value);
    }

    static String clip(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }
}
