package io.banyan.cli.demo.strangler;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** What the demo prints per step: each path, who served it (count and share), and what failed. */
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
        for (String path : result.step().paths()) {
            long total = settled.served(path);
            StringBuilder line = new StringBuilder(String.format("  %-10s ->", path));
            settled.served().getOrDefault(path, Map.of()).entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                            .thenComparing(Map.Entry.comparingByKey()))
                    .forEach(entry -> line.append(String.format("  %s %d (%.1f %%)", entry.getKey(), entry.getValue(),
                            100.0 * entry.getValue() / total)));
            if (total == 0) {
                line.append("  nobody");
            }
            lines.add(line.toString());
        }
        for (PhaseCounts counts : List.of(transition, settled)) {
            counts.failures().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(entry -> lines.add("  FAILED " + entry.getKey() + ": " + entry.getValue()));
        }
        return lines;
    }
}
