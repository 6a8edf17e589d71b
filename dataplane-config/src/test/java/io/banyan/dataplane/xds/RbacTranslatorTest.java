package io.banyan.dataplane.xds;

import com.google.protobuf.Any;
import io.banyan.dataplane.config.AuthorizationPolicy;
import io.banyan.testkit.xds.XdsResources;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.rbac.v3.Permission;
import io.envoyproxy.envoy.config.rbac.v3.Policy;
import io.envoyproxy.envoy.config.rbac.v3.Principal;
import io.envoyproxy.envoy.config.rbac.v3.RBAC;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RBAC http filters of an inbound listener, through {@link ListenerTranslator}. */
class RbacTranslatorTest {

    private static final String NAME = "inbound|15006";
    private static final String WEB = "spiffe://mesh.local/svc/web";
    private static final String BILLING = "spiffe://mesh.local/svc/billing";

    private final ListenerTranslator translator = new ListenerTranslator();

    @Test
    void aListenerWithoutRbacAllowsEveryone() throws Exception {
        assertThat(translator.translate(XdsResources.listener(NAME, 15006, "inbound")).authorization())
                .isEqualTo(AuthorizationPolicy.ALLOW_ALL);
    }

    @Test
    void anAllowPolicyOfExactPrincipalsBecomesTheirSet() throws Exception {
        RBAC rules = RBAC.newBuilder().setAction(RBAC.Action.ALLOW)
                .putPolicies("allowed-callers", policy(principal(WEB), principal(BILLING)))
                .build();

        AuthorizationPolicy policy = translator.translate(withRbac(rules)).authorization();

        assertThat(policy).isEqualTo(AuthorizationPolicy.allowOnly(Set.of(WEB, BILLING)));
        assertThat(policy.allows(WEB)).isTrue();
        assertThat(policy.allows("spiffe://mesh.local/svc/other")).isFalse();
        assertThat(policy.allows(null)).isFalse();
    }

    @Test
    void allowWithoutPoliciesDeniesEveryone() throws Exception {
        AuthorizationPolicy policy = translator.translate(withRbac(RBAC.newBuilder()
                .setAction(RBAC.Action.ALLOW).build())).authorization();

        assertThat(policy).isEqualTo(AuthorizationPolicy.DENY_ALL);
        assertThat(policy.allows(WEB)).isFalse();
    }

    @Test
    void anAnyPrincipalAllowsEveryone() throws Exception {
        RBAC rules = RBAC.newBuilder().setAction(RBAC.Action.ALLOW)
                .putPolicies("all", policy(Principal.newBuilder().setAny(true).build()))
                .build();

        assertThat(translator.translate(withRbac(rules)).authorization()).isEqualTo(AuthorizationPolicy.ALLOW_ALL);
    }

    @Test
    void aDenyActionIsRejectedNamingIt() {
        RBAC rules = RBAC.newBuilder().setAction(RBAC.Action.DENY)
                .putPolicies("p", policy(principal(WEB))).build();

        assertThatThrownBy(() -> translator.translate(withRbac(rules)))
                .isInstanceOf(InvalidResourceException.class)
                .hasMessage("listener inbound|15006: http_filters[0] 'envoy.filters.http.rbac' rules.action DENY"
                        + " is unsupported (expected: ALLOW)");
    }

    @Test
    void aHeaderPrincipalIsRejectedNamingIt() {
        Principal header = Principal.newBuilder().setHeader(
                io.envoyproxy.envoy.config.route.v3.HeaderMatcher.newBuilder().setName("x-user")).build();
        RBAC rules = RBAC.newBuilder().setAction(RBAC.Action.ALLOW).putPolicies("p", policy(header)).build();

        assertThatThrownBy(() -> translator.translate(withRbac(rules)))
                .hasMessage("listener inbound|15006: http_filters[0] 'envoy.filters.http.rbac' rules.policies['p']"
                        + " principals[0] HEADER is unsupported (expected: authenticated.principal_name.exact or any: true)");
    }

    @Test
    void aPrefixPrincipalNameIsRejected() {
        Principal prefix = Principal.newBuilder().setAuthenticated(Principal.Authenticated.newBuilder()
                .setPrincipalName(StringMatcher.newBuilder().setPrefix("spiffe://"))).build();
        RBAC rules = RBAC.newBuilder().setAction(RBAC.Action.ALLOW).putPolicies("p", policy(prefix)).build();

        assertThatThrownBy(() -> translator.translate(withRbac(rules)))
                .hasMessageContaining("authenticated.principal_name PREFIX is unsupported");
    }

    @Test
    void aPermissionOtherThanAnyIsRejected() {
        Policy byPath = Policy.newBuilder()
                .addPermissions(Permission.newBuilder().setDestinationPort(8080))
                .addPrincipals(principal(WEB)).build();
        RBAC rules = RBAC.newBuilder().setAction(RBAC.Action.ALLOW).putPolicies("p", byPath).build();

        assertThatThrownBy(() -> translator.translate(withRbac(rules)))
                .hasMessageContaining("rules.policies['p'] permissions[0] DESTINATION_PORT is unsupported"
                        + " (expected: any: true)");
    }

    @Test
    void shadowRulesAreRejected() {
        var filter = io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBAC.newBuilder()
                .setShadowRules(RBAC.newBuilder().setAction(RBAC.Action.ALLOW)).build();

        assertThatThrownBy(() -> translator.translate(withFilter(filter)))
                .hasMessageContaining("shadow_rules/shadow_matcher is unsupported");
    }

    private static Listener withRbac(RBAC rules) {
        return withFilter(io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBAC.newBuilder().setRules(rules).build());
    }

    private static Listener withFilter(io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBAC filter) {
        Listener listener = XdsResources.listener(NAME, 15006, "inbound");
        Filter network = listener.getFilterChains(0).getFilters(0);
        HttpConnectionManager hcm;
        try {
            hcm = network.getTypedConfig().unpack(HttpConnectionManager.class);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
        HttpConnectionManager withRbac = hcm.toBuilder().addHttpFilters(0, HttpFilter.newBuilder()
                .setName(RbacTranslator.RBAC_FILTER).setTypedConfig(Any.pack(filter))).build();
        return listener.toBuilder().setFilterChains(0, listener.getFilterChains(0).toBuilder()
                .setFilters(0, network.toBuilder().setTypedConfig(Any.pack(withRbac)))).build();
    }

    private static Policy policy(Principal... principals) {
        Policy.Builder policy = Policy.newBuilder().addPermissions(Permission.newBuilder().setAny(true));
        for (Principal principal : principals) {
            policy.addPrincipals(principal);
        }
        return policy.build();
    }

    private static Principal principal(String id) {
        return Principal.newBuilder().setAuthenticated(Principal.Authenticated.newBuilder()
                .setPrincipalName(StringMatcher.newBuilder().setExact(id))).build();
    }
}
