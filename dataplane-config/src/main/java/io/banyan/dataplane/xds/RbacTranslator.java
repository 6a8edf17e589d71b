package io.banyan.dataplane.xds;

import io.banyan.dataplane.config.AuthorizationPolicy;
import io.envoyproxy.envoy.config.listener.v3.Filter;
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
 * The {@code envoy.filters.http.rbac} http filter of an HttpConnectionManager, or the
 * {@code envoy.filters.network.rbac} network filter before a tcp_proxy, to an {@link AuthorizationPolicy}.
 * Supported (Envoy's semantics): no such filter, or one without rules: everyone; rules with action ALLOW whose
 * policies each have permissions [any: true] and principals that are {@code authenticated.principal_name.exact}
 * or {@code any: true}: the union of those principals (no policies: nobody). Anything else (DENY or LOG actions,
 * shadow rules, matchers, conditions, other permission or principal kinds) is rejected, naming it. The network
 * filter also needs a stat_prefix (as Envoy does) and keeps Envoy's default enforcement, once per connection
 * (CONTINUOUS and delay_deny are rejected).
 */
final class RbacTranslator {

    static final String RBAC_FILTER = "envoy.filters.http.rbac";
    static final String RBAC_TYPE_URL = "type.googleapis.com/envoy.extensions.filters.http.rbac.v3.RBAC";
    static final String NETWORK_RBAC_FILTER = "envoy.filters.network.rbac";
    static final String NETWORK_RBAC_TYPE_URL = "type.googleapis.com/envoy.extensions.filters.network.rbac.v3.RBAC";

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
            result = translate(rbac.hasShadowRules() || rbac.hasShadowMatcher(), rbac.hasMatcher(),
                    rbac.hasRules() ? rbac.getRules() : null, field, listener);
        }
        return result;
    }

    /** Whether a network filter is meant as the RBAC one (by name or type), so {@link #translateNetwork} applies. */
    static boolean isNetworkRbac(Filter filter) {
        return NETWORK_RBAC_FILTER.equals(filter.getName())
                || (filter.hasTypedConfig() && NETWORK_RBAC_TYPE_URL.equals(filter.getTypedConfig().getTypeUrl()));
    }

    /** The network RBAC filter {@code field} (e.g. {@code filter_chains[0].filters[0]}) of {@code listener}. */
    AuthorizationPolicy translateNetwork(Filter filter, String field, String listener) throws InvalidResourceException {
        String at = field + " '" + filter.getName() + "'";
        if (!filter.hasTypedConfig() || !NETWORK_RBAC_TYPE_URL.equals(filter.getTypedConfig().getTypeUrl())) {
            throw new InvalidResourceException(KIND, listener, at + " typed_config "
                    + (filter.hasTypedConfig() ? filter.getTypedConfig().getTypeUrl() : "absent")
                    + " (expected: " + NETWORK_RBAC_TYPE_URL + ")");
        }
        var rbac = ProtoFields.unpack(filter.getTypedConfig(),
                io.envoyproxy.envoy.extensions.filters.network.rbac.v3.RBAC.class, at, KIND, listener);
        if (rbac.getStatPrefix().isEmpty()) {
            throw new InvalidResourceException(KIND, listener, at + " stat_prefix '' (expected: a non-empty prefix)");
        }
        if (rbac.getEnforcementType()
                != io.envoyproxy.envoy.extensions.filters.network.rbac.v3.RBAC.EnforcementType.ONE_TIME_ON_FIRST_BYTE) {
            throw new InvalidResourceException(KIND, listener, at + " enforcement_type " + rbac.getEnforcementType()
                    + " is unsupported (expected: ONE_TIME_ON_FIRST_BYTE)");
        }
        if (rbac.hasDelayDeny()) {
            throw new InvalidResourceException(KIND, listener, at
                    + " delay_deny is unsupported (expected: absent; a denied connection is closed at once)");
        }
        return translate(rbac.hasShadowRules() || rbac.hasShadowMatcher(), rbac.hasMatcher(),
                rbac.hasRules() ? rbac.getRules() : null, at, listener);
    }

    /** The parts the http and the network RBAC filters share; {@code rules} null when the filter has none. */
    private static AuthorizationPolicy translate(boolean shadow, boolean matcher, RBAC rules, String field,
                                                 String listener) throws InvalidResourceException {
        if (shadow) {
            throw unsupported(listener, field + " shadow_rules/shadow_matcher");
        }
        if (matcher) {
            throw unsupported(listener, field + " matcher");
        }
        if (rules == null) {
            return AuthorizationPolicy.ALLOW_ALL;
        }
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
