package io.banyan.dataplane.config;

import io.banyan.primitives.check.Checks;

import java.util.Map;

/**
 * The end-user filters of a gateway listener's HttpConnectionManager: the JWT requirements by name (jwt_authn's
 * requirement_map over its providers) and the most clients the per-client rate limit keeps a bucket for.
 */
public record EdgeListenerSettings(Map<String, JwtRequirementSettings> jwtRequirements, int maxClients) {

    public static final int DEFAULT_MAX_CLIENTS = 100_000;
    public static final EdgeListenerSettings NONE = new EdgeListenerSettings(Map.of(), DEFAULT_MAX_CLIENTS);

    public EdgeListenerSettings {
        jwtRequirements = Map.copyOf(jwtRequirements);
        Checks.between(maxClients, 1, 10_000_000, "maxClients");
    }

    /**
     * Checks that every JWT requirement {@code route} names is one of this listener's.
     *
     * @throws IllegalArgumentException naming the missing requirement
     */
    public void check(EdgeRouteSettings route) {
        if (route.jwtRequirement() != null && !jwtRequirements.containsKey(route.jwtRequirement())) {
            throw new IllegalArgumentException("requirement_name: '" + route.jwtRequirement()
                    + "' (expected: one of the jwt_authn filter's requirement_map " + jwtRequirements.keySet() + ")");
        }
    }
}
