package io.banyan.controlplane.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.banyan.controlplane.loadstats.ShadowStats;
import io.banyan.controlplane.loadstats.SideStats;
import io.banyan.controlplane.registry.InvalidFieldException;
import io.banyan.controlplane.route.PathMatch;
import io.banyan.testkit.time.FakeClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The migration JSON: strict reading with field paths in errors, defaults filled in, the stored form round-trips. */
class MigrationJsonTest {

    private final MigrationJson json = new MigrationJson();

    private MigrationSpec read(String body) {
        return json.readSpec(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aMinimalSpecGetsEveryDefault() {
        MigrationSpec spec = read("{\"name\": \"orders-move\", \"match\": {\"path\": {\"prefix\": \"/orders\"}},"
                + " \"from\": \"monolith\", \"to\": \"orders\"}");

        assertThat(spec.match().path()).isEqualTo(new PathMatch(null, "/orders", null));
        assertThat(spec.steps()).containsExactly(0, 1, 5, 25, 50, 100);
        assertThat(spec.advance().manual()).isTrue();
        assertThat(spec.shadow()).isNull();
        assertThat(spec.compare()).isEqualTo(new Compare(true, List.of(), BodyCompare.EXACT, List.of(), 65_536));
        assertThat(spec.guard()).isEqualTo(new Guard(null, null, null, 100, Duration.ofMinutes(1)));
        assertThat(spec.table()).isEqualTo(new MigrationSpec.Table(io.banyan.controlplane.route.RouteOwner.SERVICE,
                "monolith"));
    }

    @Test
    void aFullSpecReadsEveryField() {
        MigrationSpec spec = read("{\"name\": \"m\", \"from\": \"a\", \"to\": \"b\", \"gateway\": \"edge\","
                + " \"steps\": [0, 50, 100], \"advance\": {\"every\": \"5m\"}, \"shadow\": {\"percent\": 12.5},"
                + " \"compare\": {\"status\": false, \"headers\": [\"Content-Type\"], \"body\": \"json\","
                + " \"ignore\": [\"$.timestamp\", \"$.items[*].updatedAt\"], \"maxBodyBytes\": 1024},"
                + " \"guard\": {\"maxErrorRate\": 0.01, \"maxErrorRateIncrease\": 0.005, \"maxP99Ratio\": 1.5,"
                + " \"minRequests\": 10, \"window\": \"30s\"}}");

        assertThat(spec.advance().every()).isEqualTo(Duration.ofMinutes(5));
        assertThat(spec.shadow().perMillion()).isEqualTo(125_000);
        assertThat(spec.compare().headers()).containsExactly("content-type");
        assertThat(spec.compare().ignore()).containsExactly("$.timestamp", "$.items[*].updatedAt");
        assertThat(spec.guard()).isEqualTo(new Guard(0.01, 0.005, 1.5, 10, Duration.ofSeconds(30)));
        assertThat(spec.table().name()).isEqualTo("edge");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"name\": \"m\", \"from\": \"a\", \"to\": \"b\", \"colour\": 1}|colour|colour: unknown field",
        "{\"name\": \"M\", \"from\": \"a\", \"to\": \"b\"}|name|name: 'M' (expected: a DNS label",
        "{\"name\": \"m\", \"from\": \"a\", \"to\": \"a\"}|to|to: 'a' (expected: a service other than from)",
        "{\"name\": \"m\", \"from\": \"a\"}|to|to: missing",
        "{\"name\": \"m\", \"from\": \"a\", \"to\": \"b\", \"match\": {\"path\": {\"prefix\": \"x\"}}}|match.path.prefix|match.path.prefix: 'x' (expected: a path starting with '/')",
        "{\"name\": \"m\", \"from\": \"a\", \"to\": \"b\", \"match\": {\"pth\": {}}}|match.pth|match.pth: unknown field",
        "{\"name\": \"m\", \"from\": \"a\", \"to\": \"b\", \"steps\": [0, 5, 5, 100]}|steps[2]|steps[2]: 5 (expected: more than steps[1] 5: ascending weights)",
        "{\"name\": \"m\", \"from\": \"a\", \"to\": \"b\", \"steps\": [0, 50]}|steps[1]|steps[1]: 50 (expected: the last step 100)",
        "{\"name\": \"m\", \"from\": \"a\", \"to\": \"b\", \"steps\": [0, 101]}|steps[1]|steps[1]: 101 (expected: a weight 0..100)",
        "{\"name\": \"m\", \"from\": \"a\", \"to\": \"b\", \"steps\": []}|steps|steps: 0 entries (expected: 1..20 weights)",
        "{\"name\": \"m\", \"from\": \"a\", \"to\": \"b\", \"steps\": [0.5, 100]}|steps[0]|steps[0]: 0.5 (expected: an integer)",
        "{\"name\": \"m\", \"from\": \"a\", \"to\": \"b\", \"advance\": \"auto\"}|advance|advance: \"auto\" (expected: \"manual\" or {\"every\": \"5m\"})",
        "{\"name\": \"m\", \"from\": \"a\", \"to\": \"b\", \"advance\": {\"every\": \"soon\"}}|advance.every|advance.every: \"soon\" (expected: a duration",
        "{\"name\": \"m\", \"from\": \"a\", \"to\": \"b\", \"advance\": {\"each\": \"5m\"}}|advance.each|advance.each: unknown field (expected one of: every)",
        "{\"name\": \"m\", \"from\": \"a\", \"to\": \"b\", \"shadow\": {\"percent\": 0}}|shadow.percent|shadow.percent: 0 (expected: > 0 and <= 100)",
        "{\"name\": \"m\", \"from\": \"a\", \"to\": \"b\", \"compare\": {\"ignore\": [\"$.a\"]}}|compare.ignore|compare.ignore: [$.a] with body exact (expected: ignore only with body json)",
        "{\"name\": \"m\", \"from\": \"a\", \"to\": \"b\", \"compare\": {\"body\": \"json\", \"ignore\": [\"a.b\"]}}|compare.ignore[0]|compare.ignore[0]: 'a.b' at 0: 'a' (expected: $)",
        "{\"name\": \"m\", \"from\": \"a\", \"to\": \"b\", \"compare\": {\"body\": \"xml\"}}|compare.body|compare.body: 'xml' (expected: one of exact, json, none)",
        "{\"name\": \"m\", \"from\": \"a\", \"to\": \"b\", \"compare\": {\"maxBodyBytes\": 0}}|compare.maxBodyBytes|compare.maxBodyBytes: 0 (expected: 1..1048576)",
        "{\"name\": \"m\", \"from\": \"a\", \"to\": \"b\", \"guard\": {\"maxErrorRate\": 1.5}}|guard.maxErrorRate|guard.maxErrorRate: 1.5 (expected: 0..1)",
        "{\"name\": \"m\", \"from\": \"a\", \"to\": \"b\", \"guard\": {\"minRequests\": 0}}|guard.minRequests|guard.minRequests: 0 (expected: >= 1)",
        "{\"name\": \"m\", \"from\": \"a\", \"to\": \"b\", \"guard\": {\"window\": \"2h\"}}|guard.window|guard.window: 2h (expected: 1s..1h)",
        "{\"name\": \"m\", \"from\": \"a\", \"to\": \"b\", \"guard\": {\"window\": 60}}|guard.window|guard.window: wrong type",
    })
    void badFieldsAreNamedWithTheirPath(String body, String field, String message) {
        assertThatThrownBy(() -> read(body))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessageStartingWith(message);
    }

    @Test
    void aBodyThatIsNoObjectIsRefused() {
        assertThatThrownBy(() -> read("[]")).hasMessage("body: array (expected: a JSON object)");
        assertThatThrownBy(() -> read("")).hasMessage("body: missing (expected: a JSON object)");
    }

    @Test
    void theStoredFormRoundTripsAndTheViewHasEveryField() throws Exception {
        FakeClock clock = new FakeClock();
        Migration migration = Transitions.created(read("{\"name\": \"m\", \"from\": \"a\", \"to\": \"b\","
                + " \"match\": {\"path\": {\"prefix\": \"/orders\"}}, \"shadow\": {\"percent\": 100},"
                + " \"advance\": {\"every\": \"5m\"}}"), clock.instant());
        migration = Transitions.rollback(migration, clock.instant(), MigrationEvent.Actor.GUARD, "guard: bad",
                java.util.Map.of("toRequests", 412L));

        assertThat(json.readStored(json.writeStored(migration))).isEqualTo(migration);

        JsonNode view = new ObjectMapper().readTree(json.bytes(json.view(migration, new MigrationStats(
                Duration.ofMinutes(1), clock.instant(), SideStats.EMPTY, SideStats.EMPTY, SideStats.EMPTY,
                ShadowStats.EMPTY))));
        assertThat(view.get("match").toString()).isEqualTo("{\"path\":{\"prefix\":\"/orders\"}}");
        assertThat(view.get("advance").toString()).isEqualTo("{\"every\":\"5m\"}");
        assertThat(view.get("steps").toString()).isEqualTo("[0,1,5,25,50,100]");
        assertThat(view.get("compare").toString()).isEqualTo("{\"status\":true,\"headers\":[],\"body\":\"exact\","
                + "\"ignore\":[],\"maxBodyBytes\":65536}");
        assertThat(view.get("guard").toString()).isEqualTo("{\"minRequests\":100,\"window\":\"1m\"}");
        assertThat(view.get("state").asText()).isEqualTo("rolled-back");
        assertThat(view.get("weight").asInt()).isZero();
        assertThat(view.get("reason").asText()).isEqualTo("guard: bad");
        assertThat(view.get("createdAt").asText()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(view.at("/stats/window").asText()).isEqualTo("1m");
        assertThat(view.at("/stats/from/errorsByCause").isObject()).isTrue();
        assertThat(view.at("/stats/shadow/differences").isArray()).isTrue();

        JsonNode events = new ObjectMapper().readTree(json.bytes(json.events(migration))).get("events");
        assertThat(events).hasSize(2);
        assertThat(events.get(1).toString()).isEqualTo("{\"at\":\"2026-01-01T00:00:00Z\",\"type\":\"rolled-back\","
                + "\"by\":\"guard\",\"fromStep\":0,\"toStep\":0,\"fromWeight\":0,\"toWeight\":0,"
                + "\"reason\":\"guard: bad\",\"figures\":{\"toRequests\":412}}");
    }
}
