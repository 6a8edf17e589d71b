package io.banyan.controlplane.xds;

import com.google.protobuf.Any;
import io.banyan.controlplane.authz.EffectiveAuthorization;
import io.envoyproxy.envoy.config.rbac.v3.Permission;
import io.envoyproxy.envoy.config.rbac.v3.Policy;
import io.envoyproxy.envoy.config.rbac.v3.Principal;
import io.envoyproxy.envoy.config.rbac.v3.RBAC;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The {@code envoy.filters.http.rbac} filter of a node's inbound listener, from its service's effective
 * authorization: an allow list gives action ALLOW with one policy whose principals are the callers' SPIFFE ids
 * ({@code spiffe://<trust-domain>/svc/<caller>}, authenticated.principal_name exact) and permission any; no list
 * under deny-unless-allowed gives ALLOW with no policies (denies everything); allow-all gives no filter.
 */
final class RbacFilterBuilder {

    static final String RBAC_FILTER = "envoy.filters.http.rbac";
    static final String POLICY_NAME = "allowed-callers";

    private final String trustDomain;
    private final Function<String, EffectiveAuthorization> rules;

    RbacFilterBuilder(String trustDomain, Function<String, EffectiveAuthorization> rules) {
        this.trustDomain = Objects.requireNonNull(trustDomain, "trustDomain");
        this.rules = Objects.requireNonNull(rules, "rules");
    }

    /** No filter at all: every service accepts every caller (the mesh without authorization). */
    static RbacFilterBuilder allowAll() {
        return new RbacFilterBuilder("unused", service -> null);
    }

    /** The inbound http filters of {@code node}: the RBAC filter, or none when its service accepts everyone. */
    List<HttpFilter> inbound(SidecarNode node) {
        if (!node.hasInbound() || node.service().isEmpty()) {
            return List.of();
        }
        EffectiveAuthorization rule = rules.apply(node.service());
        if (rule == null || rule.allowsEveryone()) {
            return List.of();
        }
        RBAC.Builder rbac = RBAC.newBuilder().setAction(RBAC.Action.ALLOW);
        if (rule.hasAllowList() && !rule.allow().isEmpty()) {
            Policy.Builder policy = Policy.newBuilder()
                    .addPermissions(Permission.newBuilder().setAny(true));
            for (String caller : rule.allow()) {
                policy.addPrincipals(principal("spiffe://" + trustDomain + "/svc/" + caller));
            }
            rbac.putPolicies(POLICY_NAME, policy.build());
        }
        io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBAC filter =
                io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBAC.newBuilder().setRules(rbac).build();
        return List.of(HttpFilter.newBuilder().setName(RBAC_FILTER).setTypedConfig(Any.pack(filter)).build());
    }

    private static Principal principal(String spiffeId) {
        return Principal.newBuilder()
                .setAuthenticated(Principal.Authenticated.newBuilder()
                        .setPrincipalName(StringMatcher.newBuilder().setExact(spiffeId)))
                .build();
    }
}
