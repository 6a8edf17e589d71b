package io.banyan.adminserver;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * Checks {@code Authorization: Bearer <token>} against every admin token, each in constant time: missing or
 * malformed → 401 (with {@code WWW-Authenticate: Bearer}), none of them → 403, on every route but the open ones; the
 * matching token's name is the request's principal ({@link #principal}). No token at all turns auth off (the
 * principal is {@code anonymous}).
 */
public final class BearerAuth implements AdminGate {

    private static final String PREFIX = "bearer ";

    private final List<AdminToken> tokens;
    private final List<byte[]> expected;

    /** The one token {@code adminToken}, named {@code admin}; null or empty turns auth off. */
    public BearerAuth(String adminToken) {
        this(adminToken == null || adminToken.isEmpty() ? List.of() : List.of(new AdminToken(AdminToken.ADMIN,
                adminToken)));
    }

    /** These named tokens; none turns auth off. */
    public BearerAuth(List<AdminToken> tokens) {
        this.tokens = List.copyOf(tokens);
        this.expected = this.tokens.stream().map(AdminToken::bytes).toList();
    }

    public boolean enabled() {
        return !tokens.isEmpty();
    }

    /** The name of the token the request presents, {@code anonymous} when auth is off, null when none matches. */
    @Override
    public String principal(AdminRequest request) {
        if (!enabled()) {
            return AdminToken.ANONYMOUS;
        }
        byte[] presented = presented(request.authorization());
        return presented == null ? null : match(presented);
    }

    /** Compares with every token (no early exit, so the time does not tell which one nearly matched). */
    private String match(byte[] presented) {
        String matched = null;
        for (int i = 0; i < expected.size(); i++) {
            if (MessageDigest.isEqual(presented, expected.get(i)) && matched == null) {
                matched = tokens.get(i).name();
            }
        }
        return matched;
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
        if (match(presented) == null) {
            ApiException e = new ApiException(403, "forbidden", "Forbidden",
                    "Authorization: the bearer token is not an admin token", null);
            return Problem.of(e, path).toResponse();
        }
        return null;
    }
}
