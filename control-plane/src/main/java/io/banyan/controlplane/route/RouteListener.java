package io.banyan.controlplane.route;

/** Told of every route change, in order. Called on the changing thread under the book's lock: must only hand off, never block. */
@FunctionalInterface
public interface RouteListener {

    void onRoutes(RouteSnapshot snapshot);
}
