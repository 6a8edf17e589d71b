package io.banyan.controlplane.xds.snapshot;

import io.banyan.controlplane.authz.AllowList;
import io.banyan.controlplane.authz.Authorizations;
import io.banyan.controlplane.authz.DefaultMode;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.rbac.v3.Policy;
import io.envoyproxy.envoy.config.rbac.v3.RBAC;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static io.banyan.controlplane.xds.snapshot.Fixtures.webNode;
import static org.assertj.core.api.Assertions.assertThat;

/** The RBAC filter in the inbound HCM of the {@code web} node, from web's allow list and the mesh default. */
class RbacFilterTest {

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

    private Snapshot snapshot() {
        return stored.snapshot(webNode("sidecar~web~h~1"));
    }

    @Test
    void anAllowListBecomesOneAllowPolicyOfTheCallersSpiffeIds() throws Exception {
        authorizations.put(new AllowList("web", List.of("orders", "billing")));

        RBAC rules = rbac(inbound(snapshot())).orElseThrow().getRules();

        assertThat(rules.getAction()).isEqualTo(RBAC.Action.ALLOW);
        assertThat(rules.getPoliciesMap()).containsOnlyKeys(RbacFilterBuilder.POLICY_NAME);
        Policy policy = rules.getPoliciesOrThrow(RbacFilterBuilder.POLICY_NAME);
        assertThat(policy.getPermissionsList()).singleElement().satisfies(p -> assertThat(p.getAny()).isTrue());
        assertThat(policy.getPrincipalsList()).extracting(p -> p.getAuthenticated().getPrincipalName().getExact())
                .containsExactly("spiffe://mesh.local/svc/billing", "spiffe://mesh.local/svc/orders");
    }

    @Test
    void theRbacFilterComesFirstAndTheRouterLast() throws Exception {
        authorizations.put(new AllowList("web", List.of("orders")));

        List<HttpFilter> filters = hcm(inbound(snapshot())).getHttpFiltersList();

        assertThat(filters.get(0).getName()).isEqualTo(RbacFilterBuilder.RBAC_FILTER);
        assertThat(filters.get(filters.size() - 1).getName()).isEqualTo(ListenerBuilder.ROUTER);
    }

    @Test
    void denyUnlessAllowedWithoutAListIsAllowWithNoPolicies() throws Exception {
        authorizations.setDefault(DefaultMode.DENY_UNLESS_ALLOWED);

        RBAC rules = rbac(inbound(snapshot())).orElseThrow().getRules();

        assertThat(rules.getAction()).isEqualTo(RBAC.Action.ALLOW);
        assertThat(rules.getPoliciesMap()).isEmpty();
    }

    @Test
    void anEmptyAllowListDeniesEveryoneEvenUnderAllowAll() throws Exception {
        authorizations.put(new AllowList("web", List.of()));

        RBAC rules = rbac(inbound(snapshot())).orElseThrow().getRules();

        assertThat(rules.getPoliciesMap()).isEmpty();
    }

    @Test
    void allowAllWithoutAListHasNoRbacFilterAndOutboundListenersNeverHaveOne() throws Exception {
        Snapshot snapshot = snapshot();

        assertThat(rbac(inbound(snapshot))).isEmpty();
        authorizations.put(new AllowList("web", List.of("orders")));
        for (Listener listener : snapshot().listeners().resources().values()) {
            if (!listener.getName().startsWith("inbound|")) {
                assertThat(rbac(listener)).as(listener.getName()).isEmpty();
            }
        }
    }

    @Test
    void anAuthorizationChangeChangesOnlyTheListenerVersion() {
        Snapshot before = snapshot();
        authorizations.put(new AllowList("web", List.of("orders")));
        Snapshot after = snapshot();

        assertThat(after.listeners().version()).isNotEqualTo(before.listeners().version());
        assertThat(after.clusters().version()).isEqualTo(before.clusters().version());
        assertThat(after.routes().version()).isEqualTo(before.routes().version());
        assertThat(snapshot().listeners().version()).isEqualTo(after.listeners().version());
    }

    @Test
    void anotherServicesListDoesNotTouchThisNode() {
        Snapshot before = snapshot();
        authorizations.put(new AllowList("orders", List.of("web")));

        assertThat(snapshot().listeners().version()).isEqualTo(before.listeners().version());
    }

    private static Listener inbound(Snapshot snapshot) {
        return snapshot.listeners().resources().values().stream()
                .filter(listener -> listener.getName().startsWith("inbound|"))
                .findFirst().orElseThrow();
    }

    private static HttpConnectionManager hcm(Listener listener) throws Exception {
        return listener.getFilterChains(0).getFilters(0).getTypedConfig().unpack(HttpConnectionManager.class);
    }

    private static Optional<io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBAC> rbac(Listener listener)
            throws Exception {
        for (HttpFilter filter : hcm(listener).getHttpFiltersList()) {
            if (filter.getName().equals(RbacFilterBuilder.RBAC_FILTER)) {
                return Optional.of(filter.getTypedConfig()
                        .unpack(io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBAC.class));
            }
        }
        return Optional.empty();
    }
}
