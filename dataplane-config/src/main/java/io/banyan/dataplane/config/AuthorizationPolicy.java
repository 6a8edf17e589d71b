package io.banyan.dataplane.config;

import io.banyan.primitives.check.Checks;

import java.util.Set;

/**
 * Who may call through an inbound listener, translated from its {@code envoy.filters.http.rbac} filter:
 * everyone ({@link #ALLOW_ALL}, also when there is no such filter), or only callers whose verified SPIFFE id
 * is in {@code allowedPrincipals} (empty: nobody).
 *
 * @param allowAll          whether every caller is accepted
 * @param allowedPrincipals the accepted {@code spiffe://...} ids when not {@code allowAll}; empty otherwise
 */
public record AuthorizationPolicy(boolean allowAll, Set<String> allowedPrincipals) {

    public static final AuthorizationPolicy ALLOW_ALL = new AuthorizationPolicy(true, Set.of());
    public static final AuthorizationPolicy DENY_ALL = new AuthorizationPolicy(false, Set.of());

    public AuthorizationPolicy {
        allowedPrincipals = Set.copyOf(Checks.nonNull(allowedPrincipals, "authorization.allowedPrincipals"));
        if (allowAll && !allowedPrincipals.isEmpty()) {
            throw new IllegalArgumentException("authorization.allowedPrincipals: " + allowedPrincipals
                    + " (expected: none when every caller is allowed)");
        }
        for (String principal : allowedPrincipals) {
            Checks.nonEmpty(principal, "authorization.allowedPrincipals[]");
        }
    }

    /** Only these principals (none: nobody). */
    public static AuthorizationPolicy allowOnly(Set<String> principals) {
        return new AuthorizationPolicy(false, principals);
    }

    /** Whether a caller with this verified id (null: none) may call. */
    public boolean allows(String principal) {
        return allowAll || (principal != null && allowedPrincipals.contains(principal));
    }
}
