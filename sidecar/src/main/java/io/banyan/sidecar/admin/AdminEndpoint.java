package io.banyan.sidecar.admin;

/** One admin endpoint; cheap enough to run on the event loop (anything slow it hands to another thread). */
@FunctionalInterface
public interface AdminEndpoint {

    AdminResponse handle();
}
