package io.banyan.controlplane.migration;

import io.banyan.controlplane.registry.InvalidFieldException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How the data plane compares a shadow answer with the live one: the status (default true), the named headers
 * (lower-cased, default none), the body ({@code exact}, the default; {@code json}, leaving out the {@code ignore}d
 * JSONPaths; or {@code none}), up to {@code maxBodyBytes} (1..1048576, default 65536).
 */
public record Compare(Boolean status, List<String> headers, BodyCompare body, List<String> ignore,
                      Integer maxBodyBytes) {

    static final int DEFAULT_MAX_BODY_BYTES = 65_536;
    static final int MAX_BODY_BYTES = 1_048_576;
    static final int MAX_HEADERS = 16;
    static final int MAX_IGNORE = 32;
    private static final Pattern HEADER = Pattern.compile("[!#$%&'*+.^_`|~0-9a-z-]{1,256}");

    public static final Compare DEFAULT = new Compare(null, null, null, null, null);

    public Compare {
        status = Fields.orDefault(status, true);
        headers = headers(headers == null ? List.of() : headers);
        body = Fields.orDefault(body, BodyCompare.EXACT);
        ignore = ignore == null ? List.of() : List.copyOf(ignore);
        if (!ignore.isEmpty() && body != BodyCompare.JSON) {
            throw Fields.invalid("compare.ignore", "given with body " + body.wireName()
                    + " (expected: ignore only with body json)");
        }
        if (ignore.size() > MAX_IGNORE) {
            throw Fields.invalid("compare.ignore", ignore.size() + " entries (expected: at most " + MAX_IGNORE + ")");
        }
        for (int i = 0; i < ignore.size(); i++) {
            IgnorePaths.check("compare.ignore[" + i + "]", ignore.get(i));
        }
        maxBodyBytes = Fields.orDefault(maxBodyBytes, DEFAULT_MAX_BODY_BYTES);
        if (maxBodyBytes < 1 || maxBodyBytes > MAX_BODY_BYTES) {
            throw Fields.invalid("compare.maxBodyBytes", maxBodyBytes + " (expected: 1.." + MAX_BODY_BYTES + ")");
        }
    }

    private static List<String> headers(List<String> given) {
        if (given.size() > MAX_HEADERS) {
            throw Fields.invalid("compare.headers", given.size() + " entries (expected: at most " + MAX_HEADERS
                    + ")");
        }
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < given.size(); i++) {
            String field = "compare.headers[" + i + "]";
            String name = given.get(i) == null ? "" : given.get(i).toLowerCase(Locale.ROOT);
            if (!HEADER.matcher(name).matches() || !names.add(name)) {
                throw invalidHeader(field, given.get(i), names.contains(name) && HEADER.matcher(name).matches());
            }
        }
        return List.copyOf(new ArrayList<>(names));
    }

    private static InvalidFieldException invalidHeader(String field, String name, boolean twice) {
        return Fields.invalid(field, "'" + name + "'" + (twice ? " given twice (expected: each once)"
                : " (expected: a header name: 1..256 letters, digits or !#$%&'*+.^_`|~-)"));
    }
}
