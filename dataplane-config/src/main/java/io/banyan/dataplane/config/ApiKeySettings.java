package io.banyan.dataplane.config;

import io.banyan.primitives.check.Checks;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The API keys a route accepts, from request header {@code header} or query parameter {@code query} (exactly one),
 * each as the lower-case hex SHA-256 of the key with the client's name (Envoy's {@code ApiKeyAuthPerRoute} carrying
 * hashes, see docs/xds.md).
 */
public record ApiKeySettings(String header, String query, List<Credential> credentials) {

    public ApiKeySettings {
        if ((header == null) == (query == null)) {
            throw new IllegalArgumentException("key_sources: " + (header == null ? "none" : "header and query")
                    + " (expected: one header or one query parameter)");
        }
        credentials = List.copyOf(credentials);
        if (credentials.isEmpty()) {
            throw new IllegalArgumentException("credentials: [] (expected: at least one)");
        }
    }

    /** One accepted key: its hash and its client's name. */
    public record Credential(String sha256, String client) {

        private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

        public Credential {
            if (sha256 == null || !SHA256.matcher(sha256).matches()) {
                throw new IllegalArgumentException("key: (hidden) (expected: 64 lower-case hex digits, the SHA-256 of the key)");
            }
            Checks.nonEmpty(client, "client");
        }
    }
}
