package io.banyan.sidecar.xds;

import io.banyan.sidecar.config.AuthorizationPolicy;
import io.envoyproxy.envoy.config.rbac.v3.Permission;
import io.envoyproxy.envoy.config.rbac.v3.Policy;
import io.envoyproxy.envoy.config.rbac.v3.Principal;
import io.envoyproxy.envoy.config.rbac.v3.RBAC;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The {@code envoy.filters.http.rbac} http filter of an HttpConnectionManager to an {@link AuthorizationPolicy}.
 * Supported (Envoy's semantics): no such filter, or one without rules: everyone; rules with action ALLOW whose
 * policies each have permissions [any: true] and principals that are {@code authenticated.principal_name.exact}
 * or {@code any: true}: the union of those principals (no policies: nobody). Anything else (DENY or LOG actions,
 * shadow rules, matchers, conditions, other permission or principal kinds) is rejected, naming it.
 */
final class RbacTranslator {

    static final String RBAC_FILTER = "envoy.filters.http.rbac";
    static final String RBAC_TYPE_URL = "type.googleapis.com/envoy.extensions.filters.http.rbac.v3.RBAC";

    private static final String KIND = ListenerTranslator.KIND;

    AuthorizationPolicy translate(HttpConnectionManager hcm, String listener) throws InvalidResourceException {
        AuthorizationPolicy result = AuthorizationPolicy.ALLOW_ALL;
        boolean seen = false;
        for (int i = 0; i < hcm.getHttpFiltersCount(); i++) {
            HttpFilter filter = hcm.getHttpFilters(i);
            boolean rbacType = filter.hasTypedConfig() && RBAC_TYPE_URL.equals(filter.getTypedConfig().getTypeUrl());
            if (!rbacType && !RBAC_FILTER.equals(filter.getName())) {
                continue;
            }
            String field = "http_filters[" + i + "] '" + filter.getName() + "'";
            if (!rbacType) {
                throw new InvalidResourceException(KIND, listener, field + " typed_config "
                        + (filter.hasTypedConfig() ? filter.getTypedConfig().getTypeUrl() : "absent")
                        + " (expected: " + RBAC_TYPE_URL + ")");
            }
            if (seen) {
                throw new InvalidResourceException(KIND, listener, field + ": a second RBAC filter (expected: one)");
            }
            seen = true;
            if (filter.getDisabled()) {
                continue;
            }
            var rbac = ProtoFields.unpack(filter.getTypedConfig(),
                    io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBAC.class, field, KIND, listener);
            result = translate(rbac, field, listener);
        }
        return result;
    }

    private static AuthorizationPolicy translate(io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBAC filter,
                                                 String field, String listener) throws InvalidResourceException {
        if (filter.hasShadowRules() || filter.hasShadowMatcher()) {
            throw unsupported(listener, field + " shadow_rules/shadow_matcher");
        }
        if (filter.hasMatcher()) {
            throw unsupported(listener, field + " matcher");
        }
        if (!filter.hasRules()) {
            return AuthorizationPolicy.ALLOW_ALL;
        }
        RBAC rules = filter.getRules();
        if (rules.getAction() != RBAC.Action.ALLOW) {
            throw new InvalidResourceException(KIND, listener, field + " rules.action " + rules.getAction()
                    + " is unsupported (expected: ALLOW)");
        }
        if (rules.hasAuditLoggingOptions()) {
            throw unsupported(listener, field + " rules.audit_logging_options");
        }
        Set<String> principals = new HashSet<>();
        for (Map.Entry<String, Policy> entry : rules.getPoliciesMap().entrySet()) {
            String at = field + " rules.policies['" + entry.getKey() + "']";
            Policy policy = entry.getValue();
            if (policy.hasCondition() || policy.hasCheckedCondition()) {
                throw unsupported(listener, at + " condition");
            }
            checkPermissions(policy, at, listener);
            if (policy.getPrincipalsCount() == 0) {
                throw new InvalidResourceException(KIND, listener, at + " principals: [] (expected: at least one)");
            }
            for (int i = 0; i < policy.getPrincipalsCount(); i++) {
                Principal principal = policy.getPrincipals(i);
                if (principal.getIdentifierCase() == Principal.IdentifierCase.ANY && principal.getAny()) {
                    return AuthorizationPolicy.ALLOW_ALL;
                }
                principals.add(exactPrincipalName(principal, at + " principals[" + i + "]", listener));
            }
        }
        return AuthorizationPolicy.allowOnly(principals);
    }

    private static void checkPermissions(Policy policy, String at, String listener) throws InvalidResourceException {
        if (policy.getPermissionsCount() == 0) {
            throw new InvalidResourceException(KIND, listener, at + " permissions: [] (expected: [any: true])");
        }
        for (int i = 0; i < policy.getPermissionsCount(); i++) {
            Permission permission = policy.getPermissions(i);
            if (permission.getRuleCase() != Permission.RuleCase.ANY || !permission.getAny()) {
                throw new InvalidResourceException(KIND, listener, at + " permissions[" + i + "] "
                        + permission.getRuleCase() + " is unsupported (expected: any: true)");
            }
        }
    }

    private static String exactPrincipalName(Principal principal, String at, String listener)
            throws InvalidResourceException {
        if (principal.getIdentifierCase() != Principal.IdentifierCase.AUTHENTICATED) {
            throw new InvalidResourceException(KIND, listener, at + " " + principal.getIdentifierCase()
                    + " is unsupported (expected: authenticated.principal_name.exact or any: true)");
        }
        StringMatcher name = principal.getAuthenticated().getPrincipalName();
        if (name.getMatchPatternCase() != StringMatcher.MatchPatternCase.EXACT || name.getIgnoreCase()
                || name.getExact().isEmpty()) {
            throw new InvalidResourceException(KIND, listener, at + " authenticated.principal_name "
                    + name.getMatchPatternCase() + (name.getIgnoreCase() ? " ignore_case" : "")
                    + " is unsupported (expected: a non-empty exact SPIFFE id)");
        }
        return name.getExact();
    }

    private static InvalidResourceException unsupported(String listener, String what) {
        return new InvalidResourceException(KIND, listener, what + " is unsupported (expected: rules with action ALLOW)");
    }
}
