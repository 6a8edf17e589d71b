package io.banyan.cli.ctl.migrations;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * A migration for people to read ({@code ctl migrations get}, each frame of {@code watch}): where it stands, what it
 * moves and by which rules, then both sides' figures over the guard's window, the shadow's comparisons and its latest
 * differences.
 */
public final class MigrationSummary {

    /** At most this many differences are shown, the server keeps as many. */
    public static final int MAX_DIFFERENCES = 32;

    private MigrationSummary() {
    }

    /** {@code orders-move: shifting, step 3/5, weight 25 %}. */
    public static String headline(MigrationView view) {
        return Shown.text(view.name(), 64) + ": " + Shown.text(view.state(), 32) + ", step " + step(view)
                + ", weight " + Shown.percent(view.weight());
    }

    /** The summary with at most {@code maxDifferences} of the latest differences (newest last). */
    public static List<String> lines(MigrationView view, int maxDifferences) {
        List<String> lines = new ArrayList<>();
        lines.add(headline(view));
        lines.add("  " + sides(view) + ", match " + Shown.json(view.match()) + ", " + table(view));
        lines.add("  steps " + steps(view) + "; advance " + advance(view.advance()));
        if (view.shadow() != null && view.shadow().percent() != null) {
            lines.add("  shadow " + Shown.percent(view.shadow().percent()) + " of matching requests while at weight 0"
                    + ", compare " + Shown.json(view.compare()));
        }
        lines.add("  guard " + guard(view.guard()));
        lines.add("  step started " + Shown.text(view.stepStartedAt(), 40) + ", created " + Shown.text(view.createdAt(), 40)
                + ", updated " + Shown.text(view.updatedAt(), 40));
        if (view.reason() != null) {
            lines.add("  reason: " + Shown.text(view.reason()));
        }
        lines.add("");
        lines.addAll(figures(view, maxDifferences));
        return lines;
    }

    /** Both sides' requests, errors, latency, the shadow's comparisons and the latest differences. */
    static List<String> figures(MigrationView view, int maxDifferences) {
        MigrationView.Stats stats = view.stats();
        List<String> lines = new ArrayList<>();
        lines.add("over " + Shown.text(stats.window(), 16) + " since " + Shown.text(stats.since(), 40) + ":");
        TextTable sides = new TextTable("SIDE", "REQUESTS", "ERRORS", "ERROR RATE", "IN PROGRESS", "P50 MS", "P99 MS");
        side(sides, "from " + Shown.text(view.from(), 63), stats.from());
        side(sides, "to " + Shown.text(view.to(), 63) + (MigrationView.SHADOWING.equals(view.state()) ? " (shadow)" : ""),
                stats.to());
        sides.lines().forEach(line -> lines.add("  " + line));
        StringJoiner causes = new StringJoiner("; ", "  errors by cause: ", "").setEmptyValue("");
        causes("from", stats.from(), causes);
        causes("to", stats.to(), causes);
        if (causes.length() > 0) {
            lines.add(causes.toString());
        }
        MigrationView.ShadowFigures shadow = stats.shadow();
        lines.add(String.format(Locale.ROOT, "shadow: compared %d, equal %d, different %d, failed %d, dropped %d",
                shadow.compared(), shadow.equal(), shadow.different(), shadow.failed(), shadow.dropped()));
        List<MigrationView.Difference> differences = shadow.differences();
        List<MigrationView.Difference> latest = differences.subList(
                Math.max(0, differences.size() - Math.min(maxDifferences, MAX_DIFFERENCES)), differences.size());
        if (!latest.isEmpty()) {
            lines.add("  latest differences (newest last):");
            TextTable table = new TextTable("AT", "REQUEST ID", "METHOD", "PATH", "FROM", "TO", "KIND", "WHERE");
            for (MigrationView.Difference difference : latest) {
                table.row(Shown.text(difference.at(), 40), Shown.text(difference.requestId(), 64),
                        Shown.text(difference.method(), 16), Shown.text(difference.path(), 80),
                        Shown.number(difference.fromStatus()), Shown.number(difference.toStatus()),
                        Shown.text(difference.kind(), 16), Shown.text(difference.where(), 80));
            }
            table.lines().forEach(line -> lines.add("  " + line));
        }
        return lines;
    }

    /** {@code 3/5}: the index into the steps and the last index. */
    static String step(MigrationView view) {
        return view.step() + "/" + view.lastStep();
    }

    /** {@code monolith -> orders}. */
    static String sides(MigrationView view) {
        return Shown.text(view.from(), 63) + " -> " + Shown.text(view.to(), 63);
    }

    private static void side(TextTable table, String name, MigrationView.Side side) {
        table.row(name, String.valueOf(side.requests()), String.valueOf(side.errors()), Shown.rate(side.errorRate()),
                String.valueOf(side.inProgress()), Shown.millis(side.p50Ms()), Shown.millis(side.p99Ms()));
    }

    private static void causes(String name, MigrationView.Side side, StringJoiner all) {
        if (!side.errorsByCause().isEmpty()) {
            StringJoiner causes = new StringJoiner(", ", name + " ", "");
            new TreeMap<>(side.errorsByCause()).forEach((cause, count) -> causes.add(Shown.text(cause, 40) + "=" + count));
            all.add(causes.toString());
        }
    }

    private static String table(MigrationView view) {
        return view.gateway() == null ? "in the routes of traffic addressed to " + Shown.text(view.from(), 63)
                : "in gateway " + Shown.text(view.gateway(), 63) + "'s routes";
    }

    /** {@code 0 1 5 [25] 50 100}: the current step in brackets. */
    private static String steps(MigrationView view) {
        StringJoiner steps = new StringJoiner(" ");
        for (int i = 0; i < view.steps().size(); i++) {
            String weight = String.valueOf(view.steps().get(i));
            steps.add(i == view.step() ? "[" + weight + "]" : weight);
        }
        return steps.length() == 0 ? Shown.NONE : steps.toString();
    }

    private static String advance(JsonNode advance) {
        if (advance == null || advance.isNull() || advance.isMissingNode()) {
            return Shown.NONE;
        }
        if (advance.isTextual()) {
            return Shown.text(advance.asText(), 32);
        }
        JsonNode every = advance.get("every");
        return every != null && every.isTextual() ? "every " + Shown.text(every.asText(), 32) + " while healthy"
                : Shown.json(advance);
    }

    private static String guard(MigrationView.Guard guard) {
        if (guard == null) {
            return Shown.NONE;
        }
        StringJoiner checks = new StringJoiner(", ");
        if (guard.maxErrorRate() != null) {
            checks.add("to error rate > " + Shown.rate(guard.maxErrorRate()));
        }
        if (guard.maxErrorRateIncrease() != null) {
            checks.add("to error rate - from error rate > " + Shown.points(guard.maxErrorRateIncrease()));
        }
        if (guard.maxP99Ratio() != null) {
            checks.add(String.format(Locale.ROOT, "to p99 / from p99 > %s", guard.maxP99Ratio()));
        }
        return "over " + Shown.text(guard.window(), 16) + ", at least " + Shown.number(guard.minRequests())
                + " requests: rolls back when " + (checks.length() == 0 ? "never (no check set)" : checks.toString());
    }
}
