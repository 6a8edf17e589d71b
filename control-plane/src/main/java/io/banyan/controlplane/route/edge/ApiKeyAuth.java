package io.banyan.controlplane.route.edge;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.banyan.api.xds.EdgeFilters;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An API key in request header {@code header} or query parameter {@code query} (exactly one; {@code x-api-key} when
 * neither is given), matched against {@code keys} by SHA-256. The key's name goes to the upstream in
 * {@code x-api-key-name} (an incoming header of that name is always removed); the key itself is always removed
 * before the upstream.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiKeyAuth(String header, String query, List<ApiKey> keys) {

    public static final String DEFAULT_HEADER = "x-api-key";
    public static final int MAX_KEYS = 1000;

    /**
     * Reads the JSON form, where each key is {@code {"name", "sha256"}} or {@code {"name", "key"}}: a plaintext key
     * (16..256 characters) is hashed here and never kept, written or shown again.
     */
    @JsonCreator
    static ApiKeyAuth read(@JsonProperty("header") String header, @JsonProperty("query") String query,
                           @JsonProperty("keys") List<KeyEntry> keys) {
        List<ApiKey> hashed = new ArrayList<>();
        List<KeyEntry> entries = EdgeCheck.orDefault(keys, List.of());
        if (entries.size() > MAX_KEYS) {
            throw tooMany(entries.size());
        }
        for (int i = 0; i < entries.size(); i++) {
            hashed.add(entries.get(i) == null ? null : entries.get(i).toKey("auth.apiKey.keys[" + i + "]"));
        }
        return new ApiKeyAuth(header, query, hashed);
    }

    /** One key as written: a name and either the hash or the plaintext. */
    record KeyEntry(String name, String sha256, String key) {

        ApiKey toKey(String path) {
            ApiKey.name(name, path + ".name");
            if ((sha256 == null) == (key == null)) {
                throw EdgeCheck.invalid(path, (key == null ? "neither sha256 nor key" : "both sha256 and key")
                        + " (expected: exactly one)");
            }
            if (key == null) {
                return new ApiKey(name, ApiKey.sha256(sha256, path + ".sha256"));
            }
            if (key.isBlank() || key.length() < ApiKey.MIN_KEY_LENGTH || key.length() > ApiKey.MAX_KEY_LENGTH) {
                throw EdgeCheck.invalid(path + ".key", key.length() + " characters (expected: "
                        + ApiKey.MIN_KEY_LENGTH + ".." + ApiKey.MAX_KEY_LENGTH + ", not blank)");
            }
            return new ApiKey(name, ApiKey.hash(key));
        }
    }

    public ApiKeyAuth {
        if (header != null && query != null) {
            throw EdgeCheck.invalid("auth.apiKey", "both header and query (expected: at most one)");
        }
        if (header == null && query == null) {
            header = DEFAULT_HEADER;
        }
        if (header != null) {
            EdgeCheck.header("auth.apiKey.header", header);
            if (header.equals("authorization") || header.equals("host") || header.startsWith("x-banyan-")
                    || header.equals(EdgeFilters.API_KEY_NAME_HEADER)) {
                throw EdgeCheck.invalid("auth.apiKey.header", EdgeCheck.quote(header) + " (expected: a header other"
                        + " than authorization, host, " + EdgeFilters.API_KEY_NAME_HEADER + " and x-banyan-*)");
            }
        }
        if (query != null) {
            EdgeCheck.nonEmpty("auth.apiKey.query", query, 128);
        }
        keys = new ArrayList<>(EdgeCheck.orDefault(keys, List.of()));
        if (keys.isEmpty() || keys.size() > MAX_KEYS) {
            throw tooMany(keys.size());
        }
        Set<String> names = new HashSet<>();
        Set<String> hashes = new HashSet<>();
        for (int i = 0; i < keys.size(); i++) {
            ApiKey key = keys.get(i);
            String path = "auth.apiKey.keys[" + i + "]";
            if (key == null) {
                throw EdgeCheck.invalid(path, "null (expected: {\"name\": …, \"sha256\": …} or {\"name\": …, \"key\": …})");
            }
            if (!names.add(key.name())) {
                throw EdgeCheck.invalid(path + ".name", EdgeCheck.quote(key.name()) + " (expected: a unique name)");
            }
            if (!hashes.add(key.sha256())) {
                throw EdgeCheck.invalid(path, "the same key as another (expected: a distinct key per name)");
            }
        }
        keys = List.copyOf(keys);
    }

    private static RuntimeException tooMany(int count) {
        return EdgeCheck.invalid("auth.apiKey.keys", count + " keys (expected: 1.." + MAX_KEYS + ")");
    }
}
