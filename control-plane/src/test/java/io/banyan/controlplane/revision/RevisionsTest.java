package io.banyan.controlplane.revision;

import io.banyan.controlplane.authz.AllowList;
import io.banyan.controlplane.authz.Authorizations;
import io.banyan.controlplane.authz.DefaultMode;
import io.banyan.controlplane.metrics.MetricNames;
import io.banyan.controlplane.policy.PolicyBook;
import io.banyan.controlplane.policy.PolicyJson;
import io.banyan.controlplane.registry.Registration;
import io.banyan.controlplane.registry.Registry;
import io.banyan.controlplane.store.Store;
import io.banyan.controlplane.store.StoredAuthorization;
import io.banyan.controlplane.store.StoredPolicy;
import io.banyan.controlplane.store.StoredRevision;
import io.banyan.controlplane.store.StoredService;
import io.banyan.testkit.time.FakeClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** The books write every change with its revision: author, time, before and after; ETags and If-Match. */
class RevisionsTest {

    @TempDir
    Path dir;

    private final FakeClock clock = new FakeClock();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private Store store;
    private Revisions revisions;

    @BeforeEach
    void open() {
        store = Store.open(dir);
        revisions = new Revisions(store, clock, meters);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static io.banyan.controlplane.policy.TrafficPolicy policy(String json) {
        return new PolicyJson().read(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void objectsStoredBeforeRevisionsAreAdoptedOnceWithABaselineRevisionSoThatIfMatchStarWorksOnThem() {
        String stored = "{\"retries\":{\"numRetries\":2}}";
        store.policies().put("orders", new StoredPolicy("orders", stored, clock.instant()));
        store.authorizations().put("orders", new StoredAuthorization("orders", List.of("web")));
        store.services().put("orders", new StoredService("orders", clock.instant()));

        PolicyBook policies = new PolicyBook(store, clock, revisions);
        new Authorizations(store, revisions);
        new Registry(store, clock, meters, null, revisions).close();
        long etag = policies.etag("orders");
        assertThat(etag).isPositive();
        assertThat(revisions.newestFirst(null, "orders", 10))
                .extracting(StoredRevision::kind, StoredRevision::action, StoredRevision::author)
                .containsExactlyInAnyOrder(tuple("policy", "create", Revisions.BASELINE),
                        tuple("authorization", "create", Revisions.BASELINE),
                        tuple("service", "create", Revisions.BASELINE))
                .hasSize(3);
        assertThat(revisions.get(etag).orElseThrow().after()).isEqualTo(revisions.tree(stored));

        new PolicyBook(store, clock, revisions);
        assertThat(revisions.last()).as("adopted once, not again at the next start").isEqualTo(3);
        long written = policies.put("orders", policy("{\"retries\":{\"numRetries\":3}}"),
                new ConfigWrite("alice", IfMatch.parse("*")));
        assertThat(written).isEqualTo(4);
        assertThatThrownBy(() -> policies.put("orders", policy("{}"), new ConfigWrite("bob", IfMatch.parse("\"0\""))))
                .isInstanceOf(StaleETagException.class);
    }

    @Test
    void policyWritesAreRevisionsWithAuthorTimeBeforeAndAfterAndTheETagFollows() {
        PolicyBook policies = new PolicyBook(store, clock, revisions);
        assertThat(policies.etag("orders")).isZero();
        long first = policies.put("orders", policy("{\"retries\":{\"numRetries\":2}}"), ConfigWrite.by("alice"));
        clock.advance(Duration.ofSeconds(5));
        long second = policies.put("orders", policy("{\"retries\":{\"numRetries\":3}}"), ConfigWrite.by("bob"));
        assertThat(policies.etag("orders")).isEqualTo(second).isEqualTo(first + 1);

        List<StoredRevision> listed = revisions.newestFirst(ConfigKind.POLICY, "orders", 10);
        assertThat(listed).extracting(StoredRevision::author).containsExactly("bob", "alice");
        StoredRevision update = listed.get(0);
        assertThat(update.action()).isEqualTo("update");
        assertThat(update.at()).isEqualTo(clock.instant());
        assertThat(update.before().at("/retries/numRetries").asInt()).isEqualTo(2);
        assertThat(update.after().at("/retries/numRetries").asInt()).isEqualTo(3);
        assertThat(listed.get(1).action()).isEqualTo("create");
        assertThat(listed.get(1).before()).isNull();

        assertThat(policies.remove("orders", ConfigWrite.by("carol"))).isTrue();
        assertThat(policies.etag("orders")).isZero();
        assertThat(revisions.get(second + 1)).hasValueSatisfying(r -> {
            assertThat(r.action()).isEqualTo("delete");
            assertThat(r.after()).isNull();
        });
        assertThat(meters.get(MetricNames.CONFIG_REVISIONS).tag("kind", "policy").counter().count()).isEqualTo(3);
    }

    @Test
    void aStaleIfMatchIsRefusedAndWritesNothing() {
        PolicyBook policies = new PolicyBook(store, clock, revisions);
        long etag = policies.put("orders", policy("{\"retries\":{\"numRetries\":2}}"), ConfigWrite.by("alice"));
        policies.put("orders", policy("{\"retries\":{\"numRetries\":3}}"),
                new ConfigWrite("bob", IfMatch.parse(IfMatch.etag(etag))));
        assertThatThrownBy(() -> policies.put("orders", policy("{\"retries\":{\"numRetries\":4}}"),
                new ConfigWrite("carol", IfMatch.parse(IfMatch.etag(etag)))))
                .isInstanceOf(StaleETagException.class)
                .hasMessage("If-Match: \"" + etag + "\" (expected: the current ETag \"" + (etag + 1) + "\")");
        assertThat(policies.get("orders").orElseThrow().retries().numRetries()).isEqualTo(3);
        assertThat(revisions.newestFirst(null, null, 10)).hasSize(2);
    }

    @Test
    void authorizationAndItsDefaultAreRevisionsTheDefaultOnObjectStar() {
        Authorizations authorizations = new Authorizations(store, revisions);
        authorizations.put(new AllowList("orders", List.of("web")), ConfigWrite.by("alice"));
        authorizations.setDefault(DefaultMode.DENY_UNLESS_ALLOWED, ConfigWrite.by("bob"));
        assertThat(revisions.newestFirst(null, null, 10)).extracting(r -> r.kind() + " " + r.object() + " "
                + r.action() + " " + r.author()).containsExactly(
                "authorization-default * create bob",
                "authorization orders create alice");
        assertThat(revisions.newestFirst(null, "orders", 10)).hasSize(1);
        assertThat(authorizations.defaultEtag()).isEqualTo(2);
        assertThat(authorizations.etag("orders")).isEqualTo(1);
        assertThat(authorizations.put(new AllowList("orders", List.of("web")), ConfigWrite.by("carol")))
                .as("the same list again: no revision, the ETag kept").isEqualTo(1);
        assertThat(revisions.last()).isEqualTo(2);
    }

    @Test
    void aServiceCreatedByItsFirstRegistrationOrByAPutAndItsDeletionAreRevisions() {
        try (Registry registry = new Registry(store, clock, meters, null, revisions)) {
            registry.register(Registration.builder().service("orders").host("10.0.0.1").port(8080).build());
            registry.putService("users", ConfigWrite.by("alice"));
            assertThat(registry.putService("users", ConfigWrite.by("alice"))).as("no revision: it exists").isFalse();
            assertThat(registry.deleteService("users", ConfigWrite.by("bob"))).isTrue();
            assertThat(revisions.newestFirst(ConfigKind.SERVICE, null, 10)).extracting(r -> r.object() + " "
                    + r.action() + " by " + r.author()).containsExactly(
                    "users delete by bob", "users create by alice", "orders create by registration");
            assertThat(registry.etag("orders")).isEqualTo(1);
            assertThat(registry.etag("users")).isZero();
            assertThatThrownBy(() -> registry.deleteService("orders", new ConfigWrite("bob", IfMatch.parse("\"7\""))))
                    .isInstanceOf(StaleETagException.class);
        }
    }
}
