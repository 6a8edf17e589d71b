package io.banyan.dataplane.xds;

import com.google.protobuf.Any;
import io.banyan.dataplane.config.AuthorizationPolicy;
import io.banyan.dataplane.config.ListenerConfig;
import io.banyan.dataplane.config.TrafficDirection;
import io.banyan.testkit.xds.XdsResources;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.rbac.v3.Permission;
import io.envoyproxy.envoy.config.rbac.v3.Policy;
import io.envoyproxy.envoy.config.rbac.v3.Principal;
import io.envoyproxy.envoy.config.rbac.v3.RBAC;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An inbound tcp_proxy listener's {@code envoy.filters.network.rbac} filter and idle_timeout, through
 * {@link ListenerTranslator}: the same {@link AuthorizationPolicy} an HTTP listener's RBAC http filter gives, and the
 * shapes it cannot honour rejected, naming them.
 */
class TcpListenerAuthorizationTest {

    private static final String NAME = "inbound|15006";
    private static final String WEB = "spiffe://mesh.local/svc/web";
    private static final String BILLING = "spiffe://mesh.local/svc/billing";
    private static final TcpProxy PROXY = TcpProxy.newBuilder().setStatPrefix("inbound_15006")
            .setCluster("inbound|7000").build();

    private final ListenerTranslator translator = new ListenerTranslator();

    private static Listener tcpListener(TcpProxy proxy, Filter... before) {
        FilterChain.Builder chain = FilterChain.newBuilder();
        for (Filter filter : before) {
            chain.addFilters(filter);
        }
        chain.addFilters(Filter.newBuilder().setName(ListenerTranslator.TCP_PROXY_FILTER).setTypedConfig(Any.pack(proxy)));
        return XdsResources.listener(NAME, 15006, "r").toBuilder()
                .setTrafficDirection(io.envoyproxy.envoy.config.core.v3.TrafficDirection.INBOUND)
                .setFilterChains(0, chain)
                .build();
    }

    private static io.envoyproxy.envoy.extensions.filters.network.rbac.v3.RBAC.Builder networkRbac(RBAC rules) {
        return io.envoyproxy.envoy.extensions.filters.network.rbac.v3.RBAC.newBuilder()
                .setStatPrefix("inbound_15006").setRules(rules);
    }

    private static Filter filter(io.envoyproxy.envoy.extensions.filters.network.rbac.v3.RBAC.Builder rbac) {
        return Filter.newBuilder().setName(RbacTranslator.NETWORK_RBAC_FILTER).setTypedConfig(Any.pack(rbac.build()))
                .build();
    }

    private static RBAC allow(String... ids) {
        Policy.Builder policy = Policy.newBuilder().addPermissions(Permission.newBuilder().setAny(true));
        for (String id : ids) {
            policy.addPrincipals(Principal.newBuilder().setAuthenticated(Principal.Authenticated.newBuilder()
                    .setPrincipalName(StringMatcher.newBuilder().setExact(id))));
        }
        return RBAC.newBuilder().setAction(RBAC.Action.ALLOW).putPolicies("allowed-callers", policy.build()).build();
    }

    @Test
    void anAllowListBeforeTheTcpProxyBecomesTheListenersAuthorization() throws Exception {
        ListenerConfig config = translator.translate(tcpListener(PROXY, filter(networkRbac(allow(WEB, BILLING)))));

        assertThat(config).isEqualTo(ListenerConfig.tcp(NAME, "127.0.0.1", 15006, TrafficDirection.INBOUND,
                "inbound|7000", AuthorizationPolicy.allowOnly(Set.of(WEB, BILLING)),
                ListenerConfig.DEFAULT_TCP_IDLE_TIMEOUT));
        assertThat(config.authorization().allows(WEB)).isTrue();
        assertThat(config.authorization().allows("spiffe://mesh.local/svc/other")).isFalse();
    }

    @Test
    void noFilterOrNoRulesAllowEveryoneAndNoPoliciesNobody() throws Exception {
        assertThat(translator.translate(tcpListener(PROXY)).authorization()).isEqualTo(AuthorizationPolicy.ALLOW_ALL);
        assertThat(translator.translate(tcpListener(PROXY, filter(
                io.envoyproxy.envoy.extensions.filters.network.rbac.v3.RBAC.newBuilder().setStatPrefix("p"))))
                .authorization()).isEqualTo(AuthorizationPolicy.ALLOW_ALL);
        assertThat(translator.translate(tcpListener(PROXY, filter(networkRbac(
                RBAC.newBuilder().setAction(RBAC.Action.ALLOW).build())))).authorization())
                .isEqualTo(AuthorizationPolicy.DENY_ALL);
    }

    @Test
    void continuousEnforcementIsRejected() {
        var rbac = networkRbac(allow(WEB)).setEnforcementType(
                io.envoyproxy.envoy.extensions.filters.network.rbac.v3.RBAC.EnforcementType.CONTINUOUS);

        assertThatThrownBy(() -> translator.translate(tcpListener(PROXY, filter(rbac))))
                .hasMessage("listener inbound|15006: filter_chains[0].filters[0] 'envoy.filters.network.rbac' "
                        + "enforcement_type CONTINUOUS is unsupported (expected: ONE_TIME_ON_FIRST_BYTE)");
    }

    @Test
    void delayDenyAndAnEmptyStatPrefixAreRejected() {
        var delayed = networkRbac(allow(WEB)).setDelayDeny(com.google.protobuf.Duration.newBuilder().setSeconds(1));
        var unnamed = networkRbac(allow(WEB)).setStatPrefix("");

        assertThatThrownBy(() -> translator.translate(tcpListener(PROXY, filter(delayed))))
                .hasMessageContaining("delay_deny is unsupported");
        assertThatThrownBy(() -> translator.translate(tcpListener(PROXY, filter(unnamed))))
                .hasMessageContaining("stat_prefix '' (expected: a non-empty prefix)");
    }

    @Test
    void aDenyActionOrAHeaderPrincipalIsRejectedAsForHttp() {
        var deny = networkRbac(RBAC.newBuilder().setAction(RBAC.Action.DENY).build());
        var header = networkRbac(RBAC.newBuilder().setAction(RBAC.Action.ALLOW).putPolicies("p", Policy.newBuilder()
                .addPermissions(Permission.newBuilder().setAny(true))
                .addPrincipals(Principal.newBuilder().setHeader(
                        io.envoyproxy.envoy.config.route.v3.HeaderMatcher.newBuilder().setName("x"))).build()).build());

        assertThatThrownBy(() -> translator.translate(tcpListener(PROXY, filter(deny))))
                .hasMessageContaining("rules.action DENY is unsupported (expected: ALLOW)");
        assertThatThrownBy(() -> translator.translate(tcpListener(PROXY, filter(header))))
                .hasMessageContaining("principals[0] HEADER is unsupported");
    }

    @Test
    void theHttpRbacTypeUnderTheNetworkNameAndASecondRbacFilterAreRejected() {
        Filter httpTyped = Filter.newBuilder().setName(RbacTranslator.NETWORK_RBAC_FILTER).setTypedConfig(Any.pack(
                io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBAC.newBuilder().setRules(allow(WEB)).build()))
                .build();
        Filter good = filter(networkRbac(allow(WEB)));

        assertThatThrownBy(() -> translator.translate(tcpListener(PROXY, httpTyped)))
                .hasMessageContaining("typed_config type.googleapis.com/envoy.extensions.filters.http.rbac.v3.RBAC "
                        + "(expected: type.googleapis.com/envoy.extensions.filters.network.rbac.v3.RBAC)");
        assertThatThrownBy(() -> translator.translate(tcpListener(PROXY, good, good)))
                .hasMessageContaining("filter_chains[0].filters[1] 'envoy.filters.network.rbac': a second RBAC filter");
    }

    @Test
    void aNetworkRbacFilterBeforeAConnectionManagerIsRejected() {
        Listener http = XdsResources.listener(NAME, 15006, "inbound");
        Listener listener = http.toBuilder().setFilterChains(0, FilterChain.newBuilder()
                .addFilters(filter(networkRbac(allow(WEB))))
                .addFilters(http.getFilterChains(0).getFilters(0))).build();

        assertThatThrownBy(() -> translator.translate(listener))
                .hasMessageContaining("filter_chains[0].filters: 2 filters");
    }

    @Test
    void theTcpProxyIdleTimeoutIsCarriedUnsetIsAnHourAndZeroDisablesIt() throws Exception {
        assertThat(translator.translate(tcpListener(PROXY)).idleTimeout()).isEqualTo(Duration.ofHours(1));
        assertThat(translator.translate(tcpListener(PROXY.toBuilder()
                .setIdleTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(300)).build())).idleTimeout())
                .isEqualTo(Duration.ofMinutes(5));
        assertThat(translator.translate(tcpListener(PROXY.toBuilder()
                .setIdleTimeout(com.google.protobuf.Duration.getDefaultInstance()).build())).idleTimeout())
                .isEqualTo(Duration.ZERO);
    }

    @Test
    void aNegativeIdleTimeoutIsRejected() {
        TcpProxy negative = PROXY.toBuilder()
                .setIdleTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(-1)).build();

        assertThatThrownBy(() -> translator.translate(tcpListener(negative)))
                .hasMessage("listener inbound|15006: tcp_proxy idle_timeout PT-1S (expected: >= 0, 0 disables it)");
    }

    @Test
    void anIdleTimeoutChangeRebindsButAnAuthorizationChangeDoesNot() throws Exception {
        ListenerConfig before = translator.translate(tcpListener(PROXY));
        ListenerConfig tighter = translator.translate(tcpListener(PROXY, filter(networkRbac(allow(WEB)))));
        ListenerConfig shorter = translator.translate(tcpListener(PROXY.toBuilder()
                .setIdleTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(60)).build()));

        assertThat(before.sameBinding(tighter)).isTrue();
        assertThat(before.sameBinding(shorter)).isFalse();
    }
}
