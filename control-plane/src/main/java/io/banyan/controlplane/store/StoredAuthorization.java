package io.banyan.controlplane.store;

import java.util.List;
import java.util.Objects;

/** A service's allow list as persisted: the calling services it accepts. */
public record StoredAuthorization(String service, List<String> allow) {

    public StoredAuthorization {
        Objects.requireNonNull(service, "service");
        allow = List.copyOf(allow);
    }
}
