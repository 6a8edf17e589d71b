package io.banyan.cli.ctl.migrations;

import java.util.List;

/**
 * {@code ctl migrations list}: one row per migration: name, state, weight, step (index/last), from → to, the new
 * side's error rate, both sides' p99 and the shadow's differences.
 */
public final class MigrationTable {

    private MigrationTable() {
    }

    public static List<String> lines(List<MigrationView> migrations) {
        if (migrations.isEmpty()) {
            return List.of("no migrations");
        }
        TextTable table = new TextTable("NAME", "STATE", "WEIGHT", "STEP", "FROM -> TO", "TO ERRORS", "P99 MS FROM/TO",
                "DIFFERENT");
        for (MigrationView view : migrations) {
            MigrationView.Stats stats = view.stats();
            table.row(Shown.text(view.name(), 64), Shown.text(view.state(), 32), Shown.percent(view.weight()),
                    MigrationSummary.step(view), MigrationSummary.sides(view), Shown.rate(stats.to().errorRate()),
                    Shown.millis(stats.from().p99Ms()) + "/" + Shown.millis(stats.to().p99Ms()),
                    String.valueOf(stats.shadow().different()));
        }
        return table.lines();
    }
}
