package io.banyan.sidecar.resilience;

import io.banyan.sidecar.config.Checks;

import java.util.Locale;
import java.util.Set;

/**
 * What a retry decision needs to know of the request: its method, whether it carries an
 * {@code Idempotency-Key}, and how much of its body was seen and whether that overflowed the replay buffer.
 */
public record RequestView(String method, boolean hasIdempotencyKey, long bodyBytes, boolean bodyOverflowed) {

    /** The header that makes a non-idempotent request safe to retry (IETF draft-ietf-httpapi-idempotency-key-header). */
    public static final String IDEMPOTENCY_KEY = "idempotency-key";

    /** Idempotent methods of RFC 9110 section 9.2.2. */
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE");

    public RequestView {
        Checks.nonNull(method, "method");
        method = method.toUpperCase(Locale.ROOT);
        if (bodyBytes < 0) {
            throw new IllegalArgumentException("bodyBytes: " + bodyBytes + " (expected: >= 0)");
        }
    }

    /** A request and its replay buffer's state. */
    public static RequestView of(String method, boolean hasIdempotencyKey, ReplayBuffer body) {
        return new RequestView(method, hasIdempotencyKey, body.bytes(), body.overflowed());
    }

    /** True if the method is idempotent by RFC 9110, or the request carries an Idempotency-Key. */
    public boolean idempotent() {
        return hasIdempotencyKey || IDEMPOTENT.contains(method);
    }
}
