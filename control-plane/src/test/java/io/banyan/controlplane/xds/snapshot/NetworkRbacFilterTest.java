package io.banyan.controlplane.xds.snapshot;

import io.banyan.controlplane.authz.AllowList;
import io.banyan.controlplane.authz.Authorizations;
import io.banyan.controlplane.authz.DefaultMode;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.rbac.v3.Policy;
import io.envoyproxy.envoy.config.rbac.v3.RBAC;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.banyan.controlplane.xds.snapshot.Fixtures.webNodeWithApp;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The network RBAC filter before the tcp_proxy of a tcp app's inbound listener: the same rules as the HTTP RBAC
 * filter of an HTTP app, from the service's allow list and the mesh default.
 */
class NetworkRbacFilterTest {

    @TempDir
    Path dir;

    private StoredAuthorizations stored;
    private Authorizations authorizations;

    @BeforeEach
    void open() {
        stored = new StoredAuthorizations(dir);
        authorizations = stored.authorizations();
    }

    @AfterEach
    void close() {
        stored.close();
    }

    private Snapshot snapshot(String appProtocol) {
        return stored.snapshot(webNodeWithApp(appProtocol));
    }

    private static List<Filter> inboundFilters(Snapshot snapshot) {
        return snapshot.listeners().resources().get("inbound|15006").getFilterChains(0).getFiltersList();
    }

    private static io.envoyproxy.envoy.extensions.filters.network.rbac.v3.RBAC networkRbac(Filter filter)
            throws Exception {
        return filter.getTypedConfig().unpack(io.envoyproxy.envoy.extensions.filters.network.rbac.v3.RBAC.class);
    }

    @Test
    void anAllowListPutsTheNetworkRbacFilterBeforeTheTcpProxyWithTheCallersSpiffeIds() throws Exception {
        authorizations.put(new AllowList("web", List.of("orders", "billing")));

        List<Filter> filters = inboundFilters(snapshot("tcp"));

        assertThat(filters).extracting(Filter::getName)
                .containsExactly(RbacFilterBuilder.NETWORK_RBAC_FILTER, ListenerBuilder.TCP_PROXY);
        var filter = networkRbac(filters.get(0));
        assertThat(filter.getStatPrefix()).isEqualTo("inbound_15006");
        assertThat(filter.getEnforcementType()).isEqualTo(
                io.envoyproxy.envoy.extensions.filters.network.rbac.v3.RBAC.EnforcementType.ONE_TIME_ON_FIRST_BYTE);
        RBAC rules = filter.getRules();
        assertThat(rules.getAction()).isEqualTo(RBAC.Action.ALLOW);
        Policy policy = rules.getPoliciesOrThrow(RbacFilterBuilder.POLICY_NAME);
        assertThat(policy.getPermissionsList()).singleElement().satisfies(p -> assertThat(p.getAny()).isTrue());
        assertThat(policy.getPrincipalsList()).extracting(p -> p.getAuthenticated().getPrincipalName().getExact())
                .containsExactly("spiffe://mesh.local/svc/billing", "spiffe://mesh.local/svc/orders");
        assertThat(filters.get(1).getTypedConfig().unpack(TcpProxy.class).getCluster()).isEqualTo("inbound|8080");
    }

    @Test
    void theNetworkRulesAreThoseOfTheHttpFilterForTheSameAuthorization() throws Exception {
        authorizations.put(new AllowList("web", List.of("orders")));

        RBAC network = networkRbac(inboundFilters(snapshot("tcp")).get(0)).getRules();
        var http = stored.parse(webNodeWithApp("http"));
        RBAC httpRules = new RbacFilterBuilder("mesh.local").inbound(http, authorizations.snapshot()).get(0)
                .getTypedConfig().unpack(io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBAC.class).getRules();

        assertThat(network).isEqualTo(httpRules);
    }

    @Test
    void denyUnlessAllowedWithoutAListDeniesEveryTcpCaller() throws Exception {
        authorizations.setDefault(DefaultMode.DENY_UNLESS_ALLOWED);

        RBAC rules = networkRbac(inboundFilters(snapshot("tcp")).get(0)).getRules();

        assertThat(rules.getAction()).isEqualTo(RBAC.Action.ALLOW);
        assertThat(rules.getPoliciesMap()).isEmpty();
    }

    @Test
    void allowAllLeavesTheTcpProxyAloneAndOutboundTcpListenersNeverGetTheFilter() throws Exception {
        assertThat(inboundFilters(snapshot("tcp"))).extracting(Filter::getName).containsExactly(ListenerBuilder.TCP_PROXY);

        authorizations.put(new AllowList("web", List.of("orders")));
        for (Listener listener : snapshot("tcp").listeners().resources().values()) {
            if (!listener.getName().startsWith("inbound|")) {
                assertThat(listener.getFilterChains(0).getFiltersList()).extracting(Filter::getName)
                        .as(listener.getName()).doesNotContain(RbacFilterBuilder.NETWORK_RBAC_FILTER);
            }
        }
    }

    @Test
    void anHttpAppKeepsTheHttpFilterAndGetsNoNetworkFilter() {
        authorizations.put(new AllowList("web", List.of("orders")));

        List<Filter> filters = inboundFilters(snapshot("http"));

        assertThat(filters).extracting(Filter::getName).containsExactly(ListenerBuilder.HTTP_CONNECTION_MANAGER);
    }

    @Test
    void aTcpSnapshotWithTheFilterIsConsistentAndAnAuthorizationChangeChangesOnlyListeners() throws Exception {
        Snapshot before = snapshot("tcp");
        authorizations.put(new AllowList("web", List.of("orders")));
        Snapshot after = snapshot("tcp");

        Consistency.check(after);
        assertThat(after.listeners().version()).isNotEqualTo(before.listeners().version());
        assertThat(after.clusters().version()).isEqualTo(before.clusters().version());
    }
}
