package io.banyan.controlplane.token;

import java.time.Instant;

/** A newly issued join token: {@code token} is the full text ({@code <id>.<secret>}), shown only this once. */
public record IssuedToken(String id, String token, String service, Instant expiresAt) {
}
