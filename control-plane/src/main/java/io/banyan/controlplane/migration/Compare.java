package io.banyan.controlplane.migration;

import io.banyan.controlplane.registry.InvalidFieldException;
import io.banyan.dataplane.config.ShadowCompare;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How the data plane compares a shadow answer with the live one: the status (default true), the named headers
 * (lower-cased, default none), the body ({@code exact}, the default; {@code json}, leaving out the {@code ignore}d
 * JSONPaths; or {@code none}), up to {@code maxBodyBytes} (default 65536). Checked by the data plane's own
 * {@link ShadowCompare} (one rule: what is accepted here is what every sidecar accepts), which {@link #settings()}
 * gives for the route's metadata.
 */
public record Compare(Boolean status, List<String> headers, BodyCompare body, List<String> ignore,
                      Integer maxBodyBytes) {

    public static final Compare DEFAULT = new Compare(null, null, null, null, null);

    public Compare {
        status = Fields.orDefault(status, true);
        headers = lowerCase(headers == null ? List.of() : headers);
        body = Fields.orDefault(body, BodyCompare.EXACT);
        ignore = ignore == null ? List.of() : List.copyOf(ignore);
        maxBodyBytes = Fields.orDefault(maxBodyBytes, ShadowCompare.DEFAULT_MAX_BODY_BYTES);
        settings(status, headers, body, ignore, maxBodyBytes);
    }

    /** The comparison as the data plane holds it. */
    public ShadowCompare settings() {
        return settings(status, headers, body, ignore, maxBodyBytes);
    }

    private static ShadowCompare settings(boolean status, List<String> headers, BodyCompare body, List<String> ignore,
                                          int maxBodyBytes) {
        try {
            return ShadowCompare.of(status, headers, body.wireName(), ignore, maxBodyBytes);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            int colon = message.indexOf(": ");
            String field = colon > 0 ? message.substring(0, colon) : "compare";
            return throwInvalid(field, colon > 0 ? message.substring(colon + 2) : message);
        }
    }

    private static ShadowCompare throwInvalid(String field, String message) {
        throw new InvalidFieldException(field, field + ": " + message);
    }

    /** Header names as the data plane compares them: lower case (the data plane then checks each). */
    private static List<String> lowerCase(List<String> given) {
        List<String> lowered = new ArrayList<>(given.size());
        for (String name : given) {
            lowered.add(name == null ? "" : name.toLowerCase(Locale.ROOT));
        }
        return List.copyOf(lowered);
    }
}
