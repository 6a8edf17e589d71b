package io.banyan.controlplane.store;

import java.time.Instant;
import java.util.Objects;

/** A service as persisted: its name and when it was first created. */
public record StoredService(String name, Instant createdAt) {

    public StoredService {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
