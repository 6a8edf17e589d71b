package io.banyan.controlplane.route;

import java.util.Optional;

/**
 * Who owns a match in a route table besides the operator: a live migration owns its match in its table, and an
 * operator route with an equal match there is refused ({@link RouteBook#checkClaims}). Answers without blocking.
 */
@FunctionalInterface
public interface RouteClaims {

    /** Nothing is claimed. */
    RouteClaims NONE = (owner, name, match) -> Optional.empty();

    /** The migration owning {@code match} in the table of {@code owner} {@code name}, if one does. */
    Optional<String> claimant(RouteOwner owner, String name, Match match);
}
