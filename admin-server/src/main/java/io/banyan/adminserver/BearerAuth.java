package io.banyan.adminserver;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Checks {@code Authorization: Bearer <token>} against the admin token in constant time: missing or
 * malformed → 401 (with {@code WWW-Authenticate: Bearer}), wrong → 403, on every route but the open ones. An empty
 * admin token turns auth off.
 */
public final class BearerAuth implements AdminGate {

    private static final String PREFIX = "bearer ";

    private final byte[] expected;

    public BearerAuth(String adminToken) {
        this.expected = adminToken == null ? new byte[0] : adminToken.getBytes(StandardCharsets.UTF_8);
    }

    public boolean enabled() {
        return expected.length > 0;
    }

    @Override
    public AdminResponse refusal(AdminRequest request, boolean openRoute) {
        return openRoute ? null : check(request.authorization(), request.path());
    }

    /**
     * The token of an {@code Authorization: Bearer <token>} header (scheme in any case, token trimmed), or null when
     * the header is missing, of another scheme or without a token. Compare it with {@link MessageDigest#isEqual}.
     */
    public static byte[] presented(String header) {
        if (header == null || header.length() <= PREFIX.length()
                || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
                || header.substring(PREFIX.length()).isBlank()) {
            return null;
        }
        return header.substring(PREFIX.length()).trim().getBytes(StandardCharsets.UTF_8);
    }

    /** Returns null if the request may pass, else the problem response. */
    AdminResponse check(String header, String path) {
        if (!enabled()) {
            return null;
        }
        byte[] presented = presented(header);
        if (presented == null) {
            ApiException e = new ApiException(401, "unauthorized", "Unauthorized", header == null
                    ? "Authorization: missing (expected: Bearer <admin token>)"
                    : "Authorization: malformed (expected: Bearer <admin token>)", null);
            return Problem.of(e, path).toResponse().withHeader("WWW-Authenticate", "Bearer realm=\"banyan\"");
        }
        if (!MessageDigest.isEqual(presented, expected)) {
            ApiException e = new ApiException(403, "forbidden", "Forbidden",
                    "Authorization: the bearer token is not the admin token", null);
            return Problem.of(e, path).toResponse();
        }
        return null;
    }
}
