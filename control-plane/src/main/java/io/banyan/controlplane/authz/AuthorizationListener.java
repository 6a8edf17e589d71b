package io.banyan.controlplane.authz;

/**
 * Told of every authorization change, in order. Called on the changing thread under the rules' lock: must only hand
 * off, never block.
 */
@FunctionalInterface
public interface AuthorizationListener {

    void onAuthorizations(AuthorizationSnapshot snapshot);
}
