package io.banyan.controlplane.route;

/**
 * Answers without proxying: a {@code status} and a small {@code body} (absent: empty), by the sidecars' own rule
 * ({@link io.banyan.dataplane.config.DirectResponse}: 200..599, at most 4 KiB, no body with 204 or 304).
 */
public record DirectResponse(Integer status, String body) {

    public DirectResponse {
        if (status == null) {
            throw Rules.invalid("status", "null (expected: 200..599)");
        }
        body = Rules.orDefault(body, "");
        int given = status;
        String text = body;
        Rules.dataplaneRule(() -> new io.banyan.dataplane.config.DirectResponse(given, text));
    }
}
