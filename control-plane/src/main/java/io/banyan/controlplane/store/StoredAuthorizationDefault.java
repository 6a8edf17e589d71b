package io.banyan.controlplane.store;

import java.util.Objects;

/** The mesh-wide authorization default as persisted: {@code allow-all} or {@code deny-unless-allowed}. */
public record StoredAuthorizationDefault(String mode) {

    public StoredAuthorizationDefault {
        Objects.requireNonNull(mode, "mode");
    }
}
