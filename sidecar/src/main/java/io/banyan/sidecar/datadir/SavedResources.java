package io.banyan.sidecar.datadir;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The last ACKed xDS resources of one type, as the control plane sent them.
 *
 * @param typeUrl   the xDS type URL
 * @param version   the type's version_info (state of the world) or system_version_info (delta) that was ACKed
 * @param savedAt   when it was ACKed
 * @param resources each resource: its name and version (delta; empty in state of the world, where the response
 *                  carries none) and its bytes (a serialized {@code google.protobuf.Any})
 */
public record SavedResources(String typeUrl, String version, Instant savedAt, List<Resource> resources) {

    public SavedResources {
        Objects.requireNonNull(typeUrl, "typeUrl");
        if (typeUrl.isBlank()) {
            throw new IllegalArgumentException("typeUrl: '' (expected: an xDS type URL)");
        }
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(savedAt, "savedAt");
        resources = List.copyOf(Objects.requireNonNull(resources, "resources"));
    }

    /** One resource as received. */
    public record Resource(String name, String version, byte[] body) {

        public Resource {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(body, "body");
        }
    }
}
