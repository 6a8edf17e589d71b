package io.banyan.adminserver;

/** Handles one route; runs off the event loop and may block on the registry or the store. */
@FunctionalInterface
public interface RouteHandler {

    /** Returns the response, or throws {@link ApiException} for a problem response. */
    AdminResponse handle(AdminRequest request);
}
