package io.banyan.controlplane.xds.snapshot;

import com.google.protobuf.Any;
import io.banyan.api.xds.ResourceNames;
import io.banyan.controlplane.authz.AuthorizationSnapshot;
import io.banyan.controlplane.authz.EffectiveAuthorization;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.rbac.v3.Permission;
import io.envoyproxy.envoy.config.rbac.v3.Policy;
import io.envoyproxy.envoy.config.rbac.v3.Principal;
import io.envoyproxy.envoy.config.rbac.v3.RBAC;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The RBAC filter of a node's inbound listener, from its service's effective authorization in an
 * {@link AuthorizationSnapshot}: an allow list gives
 * action ALLOW with one policy whose principals are the callers' SPIFFE ids
 * ({@code spiffe://<trust-domain>/svc/<caller>}, authenticated.principal_name exact) and permission any; no list
 * under deny-unless-allowed gives ALLOW with no policies (denies everything); allow-all gives no filter. The same
 * rules go in the {@code envoy.filters.http.rbac} http filter of an HTTP inbound listener and in the
 * {@code envoy.filters.network.rbac} network filter before the tcp_proxy of a tcp app's inbound listener.
 */
final class RbacFilterBuilder {

    static final String RBAC_FILTER = "envoy.filters.http.rbac";
    static final String NETWORK_RBAC_FILTER = "envoy.filters.network.rbac";
    static final String POLICY_NAME = "allowed-callers";

    private final String trustDomain;

    /** @param trustDomain the SPIFFE trust domain of callers' ids */
    RbacFilterBuilder(String trustDomain) {
        this.trustDomain = Objects.requireNonNull(trustDomain, "trustDomain");
    }

    /** The inbound http filters of {@code node}: the RBAC filter, or none when its service accepts everyone. */
    List<HttpFilter> inbound(SidecarNode node, AuthorizationSnapshot authorizations) {
        return inboundRules(node, authorizations).map(rules -> List.of(HttpFilter.newBuilder()
                        .setName(RBAC_FILTER)
                        .setTypedConfig(Any.pack(io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBAC.newBuilder()
                                .setRules(rules).build()))
                        .build()))
                .orElse(List.of());
    }

    /**
     * The network filters before the tcp_proxy of {@code node}'s inbound listener (a tcp app): the network RBAC
     * filter with the same rules as {@link #inbound}, or none when its service accepts everyone. Envoy's default
     * enforcement (once per connection) is kept: a tightened policy applies to new connections.
     */
    List<Filter> inboundNetwork(SidecarNode node, AuthorizationSnapshot authorizations) {
        return inboundRules(node, authorizations).map(rules -> List.of(Filter.newBuilder()
                        .setName(NETWORK_RBAC_FILTER)
                        .setTypedConfig(Any.pack(io.envoyproxy.envoy.extensions.filters.network.rbac.v3.RBAC.newBuilder()
                                .setStatPrefix(ResourceNames.inboundListener(node.inboundPort()).replace('|', '_'))
                                .setRules(rules).build()))
                        .build()))
                .orElse(List.of());
    }

    /** The rules of {@code node}'s inbound listener; empty when it has none or its service accepts everyone. */
    private Optional<RBAC> inboundRules(SidecarNode node, AuthorizationSnapshot authorizations) {
        if (!node.hasInbound() || node.service().isEmpty()) {
            return Optional.empty();
        }
        EffectiveAuthorization rule = authorizations.effective(node.service());
        if (rule.allowsEveryone()) {
            return Optional.empty();
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
        return Optional.of(rbac.build());
    }

    private static Principal principal(String spiffeId) {
        return Principal.newBuilder()
                .setAuthenticated(Principal.Authenticated.newBuilder()
                        .setPrincipalName(StringMatcher.newBuilder().setExact(spiffeId)))
                .build();
    }
}
