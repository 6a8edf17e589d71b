package io.banyan.cli.demo.strangler;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** What the demo prints per phase: each path, who served it (count and share), and what failed. */
public final class PhaseTable {

    private PhaseTable() {
    }

    /** The lines of step {@code number} of {@code count}. */
    public static List<String> render(int number, int count, PhaseResult result) {
        PhaseCounts settled = result.settled();
        PhaseCounts transition = result.transition();
        List<String> lines = new ArrayList<>();
        lines.add(String.format("[%d/%d] %s: %d requests, %d failed (while it took effect: %d requests, %d failed)",
                number, count, result.step().title(), settled.requests(), settled.failed(), transition.requests(),
                transition.failed()));
        lines.addAll(servedLines(result.step().paths(), settled));
        for (PhaseCounts counts : List.of(transition, settled)) {
            lines.addAll(failedLines(counts, ""));
        }
        return lines;
    }

    /** The lines of the bad release's phase, number {@code number} of {@code count}, with the guard's event. */
    public static List<String> render(int number, int count, BadReleaseResult result) {
        PhaseCounts counts = result.counts();
        List<String> lines = new ArrayList<>();
        lines.add(String.format("[%d/%d] %s: %d requests, %d failed (%d of them the release's own 503s)", number, count,
                BadRelease.title(), counts.requests(), counts.failed(), BadReleaseCheck.expectedFailures(counts)));
        lines.addAll(servedLines(result.routes().paths(), counts));
        lines.add(result.trip().map(trip -> "  " + trip.line()).orElse("  the guard did not roll " + BadRelease.NAME
                + " back within " + BadRelease.ROLLBACK_TIMEOUT.toSeconds() + " s: rolled back by hand"));
        lines.add("  migration " + BadRelease.NAME + " deleted; " + BadRelease.PATH + " served by " + BadRelease.FROM
                + " alone again");
        lines.addAll(failedLines(counts, BadRelease.EXPECTED_FAILURE));
        return lines;
    }

    private static List<String> servedLines(List<String> paths, PhaseCounts counts) {
        List<String> lines = new ArrayList<>();
        for (String path : paths) {
            long total = counts.served(path);
            StringBuilder line = new StringBuilder(String.format("  %-10s ->", path));
            counts.served().getOrDefault(path, Map.of()).entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                            .thenComparing(Map.Entry.comparingByKey()))
                    .forEach(entry -> line.append(String.format("  %s %d (%.1f %%)", entry.getKey(), entry.getValue(),
                            100.0 * entry.getValue() / total)));
            if (total == 0) {
                line.append("  nobody");
            }
            lines.add(line.toString());
        }
        return lines;
    }

    /** A line per failure kind; {@code expected} (or none when empty) is marked so. */
    private static List<String> failedLines(PhaseCounts counts, String expected) {
        return counts.failures().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(entry -> "  FAILED " + entry.getKey() + ": " + entry.getValue()
                        + (entry.getKey().equals(expected) ? " (the bad release's, expected)" : ""))
                .toList();
    }
}
