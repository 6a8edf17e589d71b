package io.banyan.api.registration;

/** Names a registered instance in a heartbeat or a deregistration. */
public record InstanceRef(String id) {
}
