package io.banyan.adminserver;

import io.banyan.primitives.name.ServiceName;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One admin token and its name, which authors what requests bearing it write (names follow the service-name rule).
 * {@code toString} never shows the token.
 */
public record AdminToken(String name, String token) {

    /** The name of the token given with {@code --admin-token}. */
    public static final String ADMIN = "admin";
    /** The author of requests when no admin token is configured (the admin API is open). */
    public static final String ANONYMOUS = "anonymous";

    public AdminToken {
        ServiceName.check(name, "name");
        Objects.requireNonNull(token, "token");
        if (token.isEmpty()) {
            throw new IllegalArgumentException("token of '" + name + "': empty (expected: a secret)");
        }
    }

    byte[] bytes() {
        return token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "AdminToken[name=" + name + ", token=***]";
    }
}
