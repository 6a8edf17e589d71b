package io.banyan.controlplane.route;

import java.nio.charset.StandardCharsets;

/** Answers without proxying: a {@code status} (200..599) and a small {@code body} (at most 4 KiB; absent: empty). */
public record DirectResponse(Integer status, String body) {

    public static final int MAX_BODY_BYTES = 4096;

    public DirectResponse {
        if (status == null || status < 200 || status > 599) {
            throw Rules.invalid("status", status + " (expected: 200..599)");
        }
        body = Rules.orDefault(body, "");
        int bytes = body.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BODY_BYTES) {
            throw Rules.invalid("body", bytes + " bytes (expected: at most " + MAX_BODY_BYTES + ")");
        }
    }
}
