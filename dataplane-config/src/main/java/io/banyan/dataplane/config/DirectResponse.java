package io.banyan.dataplane.config;

import java.nio.charset.StandardCharsets;

/**
 * A route that answers itself (xDS {@code direct_response}): a status 200..599 and a small body ({@code ""}: none);
 * none with 204 or 304, whose responses have no body (HTTP would drop it silently).
 */
public record DirectResponse(int status, String body) {

    /** The largest body, in bytes of UTF-8; a direct response is a short notice, not a file server. */
    public static final int MAX_BODY_BYTES = 4096;

    public DirectResponse {
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("directResponse.status: " + status + " (expected: 200..599)");
        }
        body = body == null ? "" : body;
        int bytes = body.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BODY_BYTES) {
            throw new IllegalArgumentException("directResponse.body: " + bytes + " bytes (expected: <= "
                    + MAX_BODY_BYTES + ")");
        }
        if (bytes > 0 && (status == 204 || status == 304)) {
            throw new IllegalArgumentException("directResponse.body: " + bytes + " bytes with status " + status
                    + " (expected: no body with 204 or 304)");
        }
    }
}
