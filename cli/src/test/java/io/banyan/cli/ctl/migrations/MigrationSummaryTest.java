package io.banyan.cli.ctl.migrations;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The text of {@code get} and of each {@code watch} frame, from the contract's view: every figure where it belongs. */
class MigrationSummaryTest {

    @Test
    void theCannedViewReadsAsWritten() {
        List<String> lines = MigrationSummary.lines(MigrationView.of(Views.view()), MigrationSummary.MAX_DIFFERENCES);

        assertThat(lines).containsExactly(
                "orders-move: shifting, step 3/5, weight 25 %",
                "  monolith -> orders, match {\"path\":{\"prefix\":\"/orders\"}}, in gateway edge's routes",
                "  steps 0 1 5 [25] 50 100; advance every 5m while healthy",
                "  shadow 100 % of matching requests while at weight 0, compare {\"status\":true,\"headers\":"
                        + "[\"content-type\"],\"body\":\"json\",\"ignore\":[\"$.timestamp\"],\"maxBodyBytes\":65536}",
                "  guard over 1m, at least 100 requests: rolls back when to error rate > 1.00 %, "
                        + "to error rate - from error rate > 0.50 pt, to p99 / from p99 > 1.5",
                "  step started 2026-12-07T10:00:00Z, created 2026-12-07T09:30:00Z, updated 2026-12-07T10:00:00Z",
                "",
                "over 1m since 2026-12-07T10:04:12Z:",
                "  SIDE           REQUESTS  ERRORS  ERROR RATE  IN PROGRESS  P50 MS  P99 MS",
                "  from monolith  1200      3       0.25 %      2            3.1     20.4",
                "  to orders      412       1       0.24 %      0            4.0     31.0",
                "  errors by cause: from upstream_5xx=3; to upstream_timeout=1",
                "shadow: compared 90, equal 88, different 2, failed 1, dropped 0",
                "  latest differences (newest last):",
                "  AT                    REQUEST ID  METHOD  PATH       FROM  TO   KIND    WHERE",
                "  2026-12-07T09:58:01Z  r-1         GET     /orders/7  200   200  body    /total",
                "  2026-12-07T09:59:30Z  r-2         GET     /orders/9  200   404  status  -");
    }

    @Test
    void aRolledBackMigrationShowsWhyAndAServiceTableWhenNoGateway() {
        ObjectNode json = Views.view();
        json.remove("gateway");
        json.put("state", "rolled-back").put("weight", 0)
                .put("reason", "guard: to error rate 0.052 > maxErrorRate 0.01 over 1m (412 requests)");

        List<String> lines = MigrationSummary.lines(MigrationView.of(json), 0);

        assertThat(lines.get(0)).isEqualTo("orders-move: rolled-back, step 3/5, weight 0 %");
        assertThat(lines.get(1)).endsWith(", in the routes of traffic addressed to monolith");
        assertThat(lines).contains("  reason: guard: to error rate 0.052 > maxErrorRate 0.01 over 1m (412 requests)")
                .noneMatch(line -> line.contains("latest differences"));
    }

    @Test
    void whileShadowingTheToSideIsItsShadowCopies() {
        ObjectNode json = Views.view().put("state", "shadowing").put("step", 0).put("weight", 0);

        List<String> lines = MigrationSummary.lines(MigrationView.of(json), 1);

        assertThat(lines).contains("  steps [0] 1 5 25 50 100; advance every 5m while healthy")
                .anyMatch(line -> line.startsWith("  to orders (shadow)  412"));
        assertThat(lines).filteredOn(line -> line.contains("/orders/")).as("only the newest difference")
                .singleElement().asString().contains("r-2");
    }

    @Test
    void absentFieldsShowAsDashesAndManualAdvance() {
        ObjectNode json = JsonNodeFactory.instance.objectNode().put("name", "m").put("from", "a").put("to", "b")
                .put("advance", "manual").put("state", "shadowing");
        json.putObject("guard").put("minRequests", 100).put("window", "1m");

        List<String> lines = MigrationSummary.lines(MigrationView.of(json), 8);

        assertThat(lines).contains("m: shadowing, step 0/0, weight 0 %",
                "  a -> b, match -, in the routes of traffic addressed to a",
                "  steps -; advance manual",
                "  guard over 1m, at least 100 requests: rolls back when never (no check set)",
                "over - since -:",
                "  from a         0         0       -           0            -       -",
                "shadow: compared 0, equal 0, different 0, failed 0, dropped 0");
    }

    @Test
    void whatClientsSentCannotDriveTheTerminal() {
        ObjectNode json = Views.view();
        ArrayNode differences = (ArrayNode) json.at("/stats/shadow/differences");
        ((ObjectNode) differences.get(0)).put("path", "/orders/\u001b[2J\u001b]0;owned\u0007").put("where", "x".repeat(300));

        List<String> lines = MigrationSummary.lines(MigrationView.of(json), 32);

        assertThat(String.join("\n", lines)).doesNotContain("\u001b").doesNotContain("\u0007")
                .contains("/orders/?[2J?]0;owned?").contains("x".repeat(79) + "…").doesNotContain("x".repeat(81));
    }

    @Test
    void aBodyThatIsNoViewIsNamed() {
        assertThatThrownBy(() -> MigrationView.of(JsonNodeFactory.instance.arrayNode()))
                .isInstanceOf(IllegalStateException.class).hasMessage("not a migration view (expected: a JSON object)");
        assertThatThrownBy(() -> MigrationView.of(Views.view().put("step", "three")))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("not a migration view: ");
        ObjectNode nullStep = Views.view();
        nullStep.putArray("steps").add(0).addNull();
        assertThatThrownBy(() -> MigrationView.of(nullStep)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("not a migration view: ");
        assertThatThrownBy(() -> MigrationView.listOf(Views.view()))
                .hasMessage("not a list of migrations (expected: {\"migrations\": [...]})");
    }
}
