package io.banyan.dataplane.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A service's app configuration as the mesh delivers it to the service's sidecars: its version (the revision that
 * wrote it) and every key with its value, secrets decrypted and merged with the plain values, keys in order.
 */
public record AppConfig(String version, Map<String, JsonNode> values) {

    /** The version of {@link #NONE}: the ETag of an object that does not exist. */
    public static final String NONE_VERSION = "0";
    /**
     * What the control plane sends a sidecar whose service has no app configuration, so that its subscription is
     * always answered (java-control-plane drops a watch it cannot answer): the sidecar serves it as no configuration.
     */
    public static final AppConfig NONE = new AppConfig(NONE_VERSION, Map.of());

    public AppConfig {
        if (version == null || version.isEmpty()) {
            throw new IllegalArgumentException("version: '" + version + "' (expected: a non-empty version)");
        }
        Objects.requireNonNull(values, "values");
        TreeMap<String, JsonNode> copy = new TreeMap<>();
        values.forEach((key, value) -> copy.put(Objects.requireNonNull(key, "key"),
                Objects.requireNonNull(value, "values." + key).deepCopy()));
        values = Collections.unmodifiableSortedMap(copy);
    }

    /** Whether this is {@link #NONE}: the service has no app configuration. */
    public boolean isNone() {
        return version.equals(NONE_VERSION);
    }
}
