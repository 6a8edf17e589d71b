package io.banyan.cli.demo.strangler;

import java.util.Map;
import java.util.TreeMap;

/**
 * The requests of one stretch of the migration.
 *
 * @param served   successful responses by path, then by the server that answered
 * @param failures failed requests by {@code "<path> <cause>"} (x-banyan-error token, status_NNN, client_*)
 */
public record PhaseCounts(Map<String, Map<String, Long>> served, Map<String, Long> failures) {

    public PhaseCounts {
        Map<String, Map<String, Long>> copy = new TreeMap<>();
        served.forEach((path, byServer) -> copy.put(path, Map.copyOf(byServer)));
        served = Map.copyOf(copy);
        failures = Map.copyOf(failures);
    }

    public long served(String path, String server) {
        return served.getOrDefault(path, Map.of()).getOrDefault(server, 0L);
    }

    /** Successful responses for {@code path}, whoever served them. */
    public long served(String path) {
        return served.getOrDefault(path, Map.of()).values().stream().mapToLong(Long::longValue).sum();
    }

    /** Requests for {@code path}, served or failed. */
    public long requests(String path) {
        return served(path) + failures.entrySet().stream().filter(kind -> kind.getKey().startsWith(path + " "))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** Successful responses of {@code server}, on every path. */
    public long servedBy(String server) {
        return served.values().stream().mapToLong(byServer -> byServer.getOrDefault(server, 0L)).sum();
    }

    public long failed() {
        return failures.values().stream().mapToLong(Long::longValue).sum();
    }

    public long requests() {
        return served.keySet().stream().mapToLong(this::served).sum() + failed();
    }
}
