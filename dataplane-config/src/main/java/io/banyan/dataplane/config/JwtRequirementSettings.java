package io.banyan.dataplane.config;

import io.banyan.primitives.check.Checks;

/** What a route requires of a request's JWT: a token of {@code provider}, or none at all when {@code allowMissing}. */
public record JwtRequirementSettings(JwtProviderSettings provider, boolean allowMissing) {

    public JwtRequirementSettings {
        Checks.nonNull(provider, "provider");
    }
}
