package io.banyan.cli.demo;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The compact table the demo prints every interval: per instance "last interval (cumulative)", then failures. */
final class ReportTable {

    private final List<String> instances;
    private final Map<String, Long> cumulative = new HashMap<>();
    private final Map<String, Long> cumulativeFailures = new HashMap<>();

    ReportTable(List<String> instances) {
        this.instances = List.copyOf(instances);
    }

    String header() {
        StringBuilder line = new StringBuilder(String.format("%6s", "t"));
        instances.forEach(instance -> line.append(String.format("  %-18s", instance + " (total)")));
        return line.append("  failures in interval (total)").toString();
    }

    /** One row; also accumulates the totals. */
    String row(IntervalReport report) {
        StringBuilder line = new StringBuilder(String.format("%5.1fs", report.end().toMillis() / 1000.0));
        for (String instance : instances) {
            long now = report.served(instance);
            long total = cumulative.merge(instance, now, Long::sum);
            line.append(String.format("  %6d (%9d)", now, total));
        }
        report.failures().forEach((cause, count) -> cumulativeFailures.merge(cause, count, Long::sum));
        String failures = cumulativeFailures.keySet().stream().sorted()
                .map(cause -> cause + "=" + report.failures().getOrDefault(cause, 0L) + " (" + cumulativeFailures.get(cause) + ")")
                .collect(Collectors.joining(" "));
        return line.append("  ").append(failures.isEmpty() ? "-" : failures).toString();
    }
}
