package io.banyan.controlplane.replica;

import com.fasterxml.jackson.databind.JsonNode;
import io.banyan.controlplane.appconfig.AppConfigBook;
import io.banyan.controlplane.appconfig.ConfigCipher;
import io.banyan.controlplane.appconfig.ConfigDocument;
import io.banyan.controlplane.appconfig.ConfigEdit;
import io.banyan.controlplane.authz.AllowList;
import io.banyan.controlplane.authz.Authorizations;
import io.banyan.controlplane.authz.DefaultMode;
import io.banyan.controlplane.migration.MigrationBook;
import io.banyan.controlplane.migration.Action;
import io.banyan.controlplane.migration.MigrationEvent.Actor;
import io.banyan.controlplane.migration.MigrationJson;
import io.banyan.controlplane.migration.MigrationSpec;
import io.banyan.controlplane.registry.Registry;
import io.banyan.controlplane.revision.ConfigKind;
import io.banyan.controlplane.revision.ConfigWrite;
import io.banyan.controlplane.revision.IfMatch;
import io.banyan.controlplane.revision.RevisionAction;
import io.banyan.controlplane.revision.Revisions;
import io.banyan.controlplane.revision.StaleETagException;
import io.banyan.controlplane.route.OwnedRoutes;
import io.banyan.controlplane.route.RouteBook;
import io.banyan.controlplane.route.RouteJson;
import io.banyan.controlplane.route.RouteOwner;
import io.banyan.controlplane.store.Store;
import io.banyan.controlplane.store.StoredRevision;
import io.banyan.controlplane.support.EtcdReplicas;
import io.banyan.controlplane.support.HeldWriter;
import io.banyan.primitives.json.JsonMappers;
import io.banyan.testkit.time.FakeClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The books of two replicas on a real etcd: a write that another replica's write overtook (its writer held meanwhile:
 * {@link HeldWriter}) records as its revision's {@code before} and action what it really replaced, made inside the
 * write, not what its replica read before it (policies: {@code PolicyBookOnEtcdIT}).
 */
class BooksOnEtcdIT {

    private static final ConfigWrite ADMIN = ConfigWrite.by(ConfigWrite.ADMIN);

    @RegisterExtension
    static final EtcdReplicas etcd = new EtcdReplicas();

    private final FakeClock clock = new FakeClock();
    private final RouteJson routeJson = new RouteJson();

    private Revisions revisions(Store store) {
        return new Revisions(store, clock, new SimpleMeterRegistry());
    }

    @Test
    void routesOfAServiceOvertakenRecordTheOtherReplicasRoutesAsBefore() throws Exception {
        Store storeA = etcd.replica("a");
        Store storeB = etcd.replica("b");
        Revisions revisionsA = revisions(storeA);
        RouteBook a = new RouteBook(storeA, clock, revisionsA);
        Revisions revisionsB = revisions(storeB);
        RouteBook b = new RouteBook(storeB, clock, revisionsB);
        AtomicLong overtook = new AtomicLong();

        HeldWriter.overtaken(storeB, () -> b.put(serviceRoutes("/b"), null, ADMIN),
                () -> overtook.set(a.put(serviceRoutes("/a"), null, ADMIN)));

        assertReplaced(revisionsB, ConfigKind.ROUTES, "orders", overtook.get(), RevisionAction.UPDATE);
    }

    @Test
    void gatewayRoutesRemovedAfterAnotherReplicasWriteRecordWhatWereRemoved() throws Exception {
        Store storeA = etcd.replica("a");
        Store storeB = etcd.replica("b");
        Revisions revisionsA = revisions(storeA);
        RouteBook a = new RouteBook(storeA, clock, revisionsA);
        a.put(gatewayRoutes("one.example.com"), null, ADMIN);
        storeB.sync();
        Revisions revisionsB = revisions(storeB);
        RouteBook b = new RouteBook(storeB, clock, revisionsB); // holds the first routes
        AtomicLong overtook = new AtomicLong();

        HeldWriter.overtaken(storeB, () -> b.remove(RouteOwner.GATEWAY, "edge", ADMIN),
                () -> overtook.set(a.put(gatewayRoutes("two.example.com"), null, ADMIN)));

        assertReplaced(revisionsB, ConfigKind.GATEWAY_ROUTES, "edge", overtook.get(), RevisionAction.DELETE);
    }

    @Test
    void anAllowListAndTheDefaultOvertakenRecordTheOtherReplicasAsBefore() throws Exception {
        Store storeA = etcd.replica("a");
        Store storeB = etcd.replica("b");
        Revisions revisionsA = revisions(storeA);
        Authorizations a = new Authorizations(storeA, revisionsA);
        Revisions revisionsB = revisions(storeB);
        Authorizations b = new Authorizations(storeB, revisionsB);
        AtomicLong overtook = new AtomicLong();

        HeldWriter.overtaken(storeB, () -> b.put(new AllowList("orders", List.of("web")), ADMIN),
                () -> overtook.set(a.put(new AllowList("orders", List.of("shop")), ADMIN)));
        assertReplaced(revisionsB, ConfigKind.AUTHORIZATION, "orders", overtook.get(), RevisionAction.UPDATE);

        HeldWriter.overtaken(storeB, () -> b.setDefault(DefaultMode.DENY_UNLESS_ALLOWED, ADMIN), () -> {
            a.setDefault(DefaultMode.ALLOW_ALL, ADMIN);
            overtook.set(a.defaultEtag());
        });
        assertReplaced(revisionsB, ConfigKind.AUTHORIZATION_DEFAULT, "*", overtook.get(), RevisionAction.UPDATE);
    }

    @Test
    void anAppConfigurationOvertakenRecordsTheOtherReplicasAsBefore() throws Exception {
        Store storeA = etcd.replica("a");
        Store storeB = etcd.replica("b");
        Revisions revisionsA = revisions(storeA);
        AppConfigBook a = new AppConfigBook(storeA, clock, revisionsA, cipher());
        Revisions revisionsB = revisions(storeB);
        AppConfigBook b = new AppConfigBook(storeB, clock, revisionsB, cipher());
        AtomicLong overtook = new AtomicLong();
        ConfigEdit first = values("a");
        ConfigEdit second = values("b");

        HeldWriter.overtaken(storeB, () -> b.write("orders", second, ADMIN),
                () -> overtook.set(a.write("orders", first, ADMIN)));

        assertReplaced(revisionsB, ConfigKind.CONFIG, "orders", overtook.get(), RevisionAction.UPDATE);
    }

    @Test
    void aMigrationOvertakenRecordsTheOtherReplicasStateAsBefore() throws Exception {
        Migrations m = migrationOnTwoReplicas();
        AtomicLong overtook = new AtomicLong();

        HeldWriter.overtaken(m.storeB(), () -> m.b().pause("m", Actor.OPERATOR), () -> {
            m.a().advance("m", Actor.OPERATOR);
            overtook.set(m.a().etag("m"));
        });

        assertReplaced(m.revisionsB(), ConfigKind.MIGRATION, "m", overtook.get(), RevisionAction.PAUSE);
    }

    @Test
    void aCompletionRefusedByIfMatchLeavesNoRouteBehind() throws Exception {
        Migrations m = migrationOnTwoReplicas();
        MigrationBook b = m.b();
        Store storeB = m.storeB();
        Revisions revisionsB = m.revisionsB();
        ConfigWrite held = new ConfigWrite("guard", new IfMatch(false, List.of(b.etag("m")))); // a deposed leader's
        MigrationSpec.Table table = b.get("m").orElseThrow().spec().table();

        Throwable thrown = HeldWriter.overtaken(storeB, () -> b.act("m", Action.COMPLETE, Actor.GUARD, held),
                () -> m.a().advance("m", Actor.OPERATOR));

        assertThat(thrown).isInstanceOf(StaleETagException.class);
        storeB.sync();
        ConfigKind routes = RouteBook.kind(table.owner());
        assertThat(revisionsB.etag(routes, table.name())).isZero();
        assertThat(new RouteBook(storeB, clock, revisionsB).get(table.owner(), table.name())).isEmpty();
        assertThat(revisionsB.newest(ConfigKind.MIGRATION.wireName(), "m").orElseThrow().action())
                .isEqualTo(RevisionAction.ADVANCE.wireName());
    }

    @Test
    void aServiceCreatedOnBothReplicasRecordsTheOtherReplicasServiceAsBefore() throws Exception {
        Store storeA = etcd.replica("a");
        Store storeB = etcd.replica("b");
        Registry a = etcd.closeAfter(new Registry(storeA, clock, new SimpleMeterRegistry()));
        Registry b = etcd.closeAfter(new Registry(storeB, clock, new SimpleMeterRegistry()));

        AtomicLong overtook = new AtomicLong();

        HeldWriter.overtaken(storeB, () -> b.putService("orders", ADMIN), () -> {
            a.putService("orders", ADMIN);
            overtook.set(a.etag("orders"));
        });

        assertReplaced(new Revisions(storeB, clock, new SimpleMeterRegistry()), ConfigKind.SERVICE, "orders",
                overtook.get(), RevisionAction.UPDATE);
    }

    @Test
    void replicasAdoptingAnObjectAtOnceWriteOneBaseline() throws Exception {
        Store storeA = etcd.replica("a");
        Store storeB = etcd.replica("b");
        Revisions revisionsA = revisions(storeA);
        Revisions revisionsB = revisions(storeB);
        JsonNode stored = JsonMappers.lenient().readTree("{\"retries\": {\"on\": \"5xx\", \"attempts\": 3}}");

        HeldWriter.overtaken(storeB, () -> revisionsB.adopt(ConfigKind.POLICY, "orders", () -> stored),
                () -> revisionsA.adopt(ConfigKind.POLICY, "orders", () -> stored));

        storeB.sync();
        List<StoredRevision> written = revisionsB.newestFirst(ConfigKind.POLICY, "orders", 10);
        assertThat(written).hasSize(1);
        assertThat(written.get(0).author()).isEqualTo(Revisions.BASELINE);
        assertThat(revisionsB.etag(ConfigKind.POLICY, "orders")).isEqualTo(written.get(0).revision());
    }

    /** The migration books of replicas a and b, with the migration {@code m} created on a and seen by b. */
    private record Migrations(MigrationBook a, MigrationBook b, Store storeB, Revisions revisionsB) {
    }

    private Migrations migrationOnTwoReplicas() {
        Store storeA = etcd.replica("a");
        Store storeB = etcd.replica("b");
        Revisions revisionsA = revisions(storeA);
        MigrationBook a = new MigrationBook(storeA, clock, new RouteBook(storeA, clock, revisionsA), revisionsA);
        a.create(new MigrationJson().readSpec(("{\"name\": \"m\", \"from\": \"monolith\", \"to\": \"orders\","
                + " \"steps\": [0, 25, 100]}").getBytes(StandardCharsets.UTF_8)));
        storeB.sync();
        Revisions revisionsB = revisions(storeB);
        MigrationBook b = new MigrationBook(storeB, clock, new RouteBook(storeB, clock, revisionsB), revisionsB);
        return new Migrations(a, b, storeB, revisionsB);
    }

    /** The newest revision of the object, written after {@code overtook}, replaced what {@code overtook} wrote. */
    private static void assertReplaced(Revisions revisions, ConfigKind kind, String object, long overtook,
                                       RevisionAction action) {
        assertThat(overtook).isPositive();
        StoredRevision written = revisions.newest(kind.wireName(), object).orElseThrow();
        assertThat(written.revision()).isGreaterThan(overtook);
        assertThat(written.action()).isEqualTo(action.wireName());
        assertThat(written.before()).isEqualTo(revisions.get(overtook).orElseThrow().after());
    }

    private OwnedRoutes serviceRoutes(String prefix) {
        return routeJson.readService("orders", ("{\"routes\": [{\"name\": \"r\", \"match\": {\"path\": {\"prefix\":"
                + " \"" + prefix + "\"}}, \"to\": [{\"service\": \"orders-v2\"}]}]}").getBytes(StandardCharsets.UTF_8));
    }

    private OwnedRoutes gatewayRoutes(String host) {
        return routeJson.readGateway("edge", ("{\"routes\": [{\"hosts\": [\"" + host + "\"], \"to\":"
                + " [{\"service\": \"shop\"}]}]}").getBytes(StandardCharsets.UTF_8));
    }

    private static ConfigEdit values(String greeting) throws Exception {
        return ConfigEdit.put(ConfigDocument.of(JsonMappers.lenient().readTree(
                "{\"values\": {\"greeting\": \"" + greeting + "\"}}")));
    }

    private static ConfigCipher cipher() {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 7);
        return new ConfigCipher(key, new SecureRandom());
    }
}
