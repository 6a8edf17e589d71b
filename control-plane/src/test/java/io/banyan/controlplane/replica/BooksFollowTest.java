package io.banyan.controlplane.replica;

import io.banyan.controlplane.appconfig.AppConfigBook;
import io.banyan.controlplane.appconfig.AppConfigSnapshot;
import io.banyan.controlplane.appconfig.ConfigCipher;
import io.banyan.controlplane.authz.AllowList;
import io.banyan.controlplane.authz.AuthorizationSnapshot;
import io.banyan.controlplane.authz.Authorizations;
import io.banyan.controlplane.authz.DefaultMode;
import io.banyan.controlplane.migration.MigrationBook;
import io.banyan.controlplane.migration.MigrationJson;
import io.banyan.controlplane.migration.MigrationSnapshot;
import io.banyan.controlplane.policy.LbPolicy;
import io.banyan.controlplane.policy.LoadBalancing;
import io.banyan.controlplane.policy.PolicyBook;
import io.banyan.controlplane.policy.PolicySnapshot;
import io.banyan.controlplane.policy.TrafficPolicy;
import io.banyan.controlplane.revision.Revisions;
import io.banyan.controlplane.route.RouteBook;
import io.banyan.controlplane.route.RouteJson;
import io.banyan.controlplane.route.RouteOwner;
import io.banyan.controlplane.route.RouteSnapshot;
import io.banyan.controlplane.store.Store;
import io.banyan.controlplane.store.StoredAppConfig;
import io.banyan.controlplane.store.StoredPolicy;
import io.banyan.testkit.time.FakeClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every book takes another replica's write as the store's follower would tell it: the other replica is simulated by a
 * second book on the same store (its own writes, revisions and all), or by an entry written to the store's map
 * directly; the local book is then told of the change. A change republishes once; an identical change (the follower
 * told twice, or of a write that changes nothing held) publishes nothing.
 */
class BooksFollowTest {

    private static final TrafficPolicy LEAST_REQUEST = new TrafficPolicy(
            new LoadBalancing(LbPolicy.LEAST_REQUEST, null, true, 20), null, null, null, null, null, null);

    private final FakeClock clock = new FakeClock();

    @TempDir
    Path dir;
    private Store store;
    private Revisions revisions;

    @BeforeEach
    void open() {
        store = Store.open(dir);
        revisions = new Revisions(store, clock, new SimpleMeterRegistry());
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void policyBookRepublishesARemotePolicyOnceAndItsRemovalOnce() {
        PolicyBook local = new PolicyBook(store, clock, revisions);
        PolicyBook remote = new PolicyBook(store, clock, revisions);
        List<PolicySnapshot> seen = new CopyOnWriteArrayList<>();
        local.addListener(seen::add);

        remote.put("orders", LEAST_REQUEST);
        local.changed("policies", "orders", store.policies().get("orders").orElseThrow().json());
        local.changed("policies", "orders", store.policies().get("orders").orElseThrow().json());

        assertThat(seen).hasSize(2);
        assertThat(seen.get(1).of("orders")).isEqualTo(LEAST_REQUEST);
        assertThat(local.effective("orders")).isEqualTo(LEAST_REQUEST);

        remote.remove("orders");
        local.changed("policies", "orders", null);
        local.changed("policies", "orders", null);

        assertThat(seen).hasSize(3);
        assertThat(seen.get(2).of("orders")).isEqualTo(TrafficPolicy.DEFAULT);
        assertThat(seen).extracting(PolicySnapshot::revision).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void aRemotePolicyTodaysRulesRefuseIsRefusedAsAtStartAndTheDefaultApplies() {
        PolicyBook local = new PolicyBook(store, clock, revisions);
        local.put("orders", LEAST_REQUEST);
        List<PolicySnapshot> seen = new CopyOnWriteArrayList<>();
        local.addListener(seen::add);

        String refused = "{\"retries\":{\"retryOn\":\"retriable-headers\"}}";
        store.policies().put("orders", new StoredPolicy("orders", refused, clock.instant()));
        local.changed("policies", "orders", refused);

        assertThat(local.effective("orders")).isEqualTo(TrafficPolicy.DEFAULT);
        assertThat(local.refused()).containsOnlyKeys("orders");
        assertThat(local.refused().get("orders")).startsWith("retries.retryOn: 'retriable-headers'");
        assertThat(seen).hasSize(2);
        assertThat(seen.get(1).of("orders")).isEqualTo(TrafficPolicy.DEFAULT);
    }

    @Test
    void policyBookIgnoresOtherMapsAndReloadsEverythingWhenTheStoreDid() {
        PolicyBook local = new PolicyBook(store, clock, revisions);
        PolicyBook remote = new PolicyBook(store, clock, revisions);
        List<PolicySnapshot> seen = new CopyOnWriteArrayList<>();
        local.addListener(seen::add);
        remote.put("orders", LEAST_REQUEST);
        remote.put("payments", LEAST_REQUEST);

        local.changed("routes", "orders", "{}");
        assertThat(seen).hasSize(1);

        local.reloaded();
        local.reloaded();

        assertThat(seen).hasSize(2);
        assertThat(seen.get(1).policies()).containsOnlyKeys("orders", "payments");
    }

    @Test
    void routeBookRepublishesRemoteServiceAndGatewayRoutesOnce() {
        RouteBook local = new RouteBook(store, clock, revisions);
        RouteBook remote = new RouteBook(store, clock, revisions);
        RouteJson json = new RouteJson();
        List<RouteSnapshot> seen = new CopyOnWriteArrayList<>();
        local.addListener(seen::add);

        remote.put(json.readService("orders", ("{\"routes\": [{\"name\": \"r\", \"match\": {\"path\": {\"prefix\":"
                + " \"/a\"}}, \"to\": [{\"service\": \"orders-v2\"}]}]}").getBytes(StandardCharsets.UTF_8)));
        remote.put(json.readGateway("edge", ("{\"routes\": [{\"hosts\": [\"shop.example.com\"], \"to\":"
                + " [{\"service\": \"shop\"}]}]}").getBytes(StandardCharsets.UTF_8)));
        local.changed("routes", "orders", "...");
        local.changed("routes", "orders", "...");
        local.changed("gateway-routes", "edge", "...");

        assertThat(seen).hasSize(3);
        assertThat(local.get(RouteOwner.SERVICE, "orders")).isPresent();
        assertThat(local.get(RouteOwner.GATEWAY, "edge")).isPresent();

        remote.remove(RouteOwner.GATEWAY, "edge");
        local.changed("gateway-routes", "edge", null);
        assertThat(seen).hasSize(4);
        assertThat(local.get(RouteOwner.GATEWAY, "edge")).isEmpty();
    }

    @Test
    void migrationBookRepublishesARemoteMigrationAndItsStepsOnce() {
        RouteBook localRoutes = new RouteBook(store, clock, revisions);
        MigrationBook local = new MigrationBook(store, clock, localRoutes, revisions);
        MigrationBook remote = new MigrationBook(store, clock, new RouteBook(store, clock, revisions), revisions);
        List<MigrationSnapshot> seen = new CopyOnWriteArrayList<>();
        local.addListener(seen::add);

        remote.create(new MigrationJson().readSpec(("{\"name\": \"m\", \"from\": \"monolith\", \"to\": \"orders\","
                + " \"steps\": [0, 25, 100]}").getBytes(StandardCharsets.UTF_8)));
        local.changed("migrations", "m", "...");
        local.changed("migrations", "m", "...");

        assertThat(seen).hasSize(2);
        assertThat(local.get("m")).isPresent();
        assertThat(local.snapshot().live()).hasSize(1);

        remote.advance("m", io.banyan.controlplane.migration.MigrationEvent.Actor.OPERATOR);
        local.changed("migrations", "m", "...");

        assertThat(seen).hasSize(3);
        assertThat(local.get("m").orElseThrow().state().weight()).isEqualTo(25);
        assertThat(local.get("m")).isEqualTo(remote.get("m"));
    }

    @Test
    void appConfigBookRepublishesARemoteConfigurationOnce() {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 7);
        AppConfigBook local = new AppConfigBook(store, clock, revisions, new ConfigCipher(key, new SecureRandom()));
        List<AppConfigSnapshot> seen = new CopyOnWriteArrayList<>();
        local.addListener(seen::add);

        String text = "{\"values\": {\"greeting\": \"hello\"}}";
        store.appConfig().put("orders", new StoredAppConfig("orders", text, clock.instant()));
        local.changed("app-config", "orders", text);
        local.changed("app-config", "orders", text);

        assertThat(seen).hasSize(2);
        assertThat(local.delivered("orders")).get()
                .satisfies(config -> assertThat(config.values().get("greeting").asText()).isEqualTo("hello"));

        store.appConfig().remove("orders");
        local.changed("app-config", "orders", null);
        assertThat(seen).hasSize(3);
        assertThat(local.delivered("orders")).isEmpty();
    }

    @Test
    void authorizationsRepublishRemoteAllowListsAndDefaultOnce() {
        Authorizations local = new Authorizations(store, revisions);
        Authorizations remote = new Authorizations(store, revisions);
        List<AuthorizationSnapshot> seen = new CopyOnWriteArrayList<>();
        local.addListener(seen::add);

        remote.put(new AllowList("orders", List.of("web")));
        local.changed("authorizations", "orders", "...");
        local.changed("authorizations", "orders", "...");
        assertThat(seen).hasSize(2);
        assertThat(local.allowList("orders")).get().extracting(AllowList::callers).isEqualTo(List.of("web"));

        remote.setDefault(DefaultMode.DENY_UNLESS_ALLOWED);
        local.changed("authorization-default", "default", "...");
        local.changed("authorization-default", "default", "...");
        assertThat(seen).hasSize(3);
        assertThat(local.defaultMode()).isEqualTo(DefaultMode.DENY_UNLESS_ALLOWED);
        assertThat(seen).extracting(AuthorizationSnapshot::revision).isSorted().doesNotHaveDuplicates();
    }
}
