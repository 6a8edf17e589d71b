package io.banyan.cli.ctl.migrations;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code list} and {@code events} as tables, one row each, the columns the operator scans. */
class MigrationTableTest {

    @Test
    void listShowsStateWeightStepSidesNewErrorRateP99sAndDifferences() {
        ObjectNode other = Views.view().put("name", "users-move").put("from", "monolith").put("to", "users")
                .put("state", "shadowing").put("step", 0).put("weight", 0);
        other.remove("stats");

        List<String> lines = MigrationTable.lines(List.of(MigrationView.of(Views.view()), MigrationView.of(other)));

        assertThat(lines).containsExactly(
                "NAME         STATE      WEIGHT  STEP  FROM -> TO          TO ERRORS  P99 MS FROM/TO  DIFFERENT",
                "orders-move  shifting   25 %    3/5   monolith -> orders  0.24 %     20.4/31.0       2",
                "users-move   shadowing  0 %     0/5   monolith -> users   -          -/-             0");
    }

    @Test
    void noMigrationsSaysSo() {
        assertThat(MigrationTable.lines(List.of())).containsExactly("no migrations");
        assertThat(EventList.lines(List.of())).containsExactly("no events");
    }

    @Test
    void eventsShowWhoMovedWhatAndWhyWithTheGuardsFigures() {
        List<String> lines = EventList.lines(MigrationEvent.listOf(Views.events()));
        ObjectNode small = Views.events().deepCopy();
        ((ObjectNode) small.at("/events/2/figures")).put("fromErrorRate", 0.00081).put("p99Ratio", 1.50);

        assertThat(lines).containsExactly(
                "AT                    TYPE         BY        STEP    WEIGHT       REASON",
                "2026-12-07T09:30:00Z  created      operator  0       0 %          -",
                "2026-12-07T09:35:00Z  advanced     schedule  0 -> 1  0 % -> 1 %   -",
                "2026-12-07T10:07:12Z  rolled-back  guard     3       25 % -> 0 %  guard: to error rate 0.052 > "
                        + "maxErrorRate 0.01 over 1m (412 requests) (toRequests=412, toErrorRate=0.052)");
        assertThat(EventList.lines(MigrationEvent.listOf(small)).get(3)).as("figures in plain decimals")
                .endsWith("(toRequests=412, toErrorRate=0.052, fromErrorRate=0.00081, p99Ratio=1.5)");
    }
}
