package io.banyan.cli.demo.strangler;

import io.banyan.cli.demo.Outcome;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Counts the outcomes of the current stretch by path and by who served them; {@link #cut()} closes the stretch and
 * starts the next. Paths and servers outside the known sets count as {@code other}, and failures keep at most
 * {@value #MAX_FAILURE_KINDS} kinds, so what a response says cannot grow the maps. Thread-safe.
 */
public final class PathTally {

    /** The label of a path or server outside the known sets, and of failure kinds beyond the bound. */
    public static final String OTHER = "other";
    static final int MAX_FAILURE_KINDS = 32;

    private final Set<String> paths;
    private final Set<String> servers;
    private Map<String, Map<String, Long>> served = new HashMap<>();
    private Map<String, Long> failures = new HashMap<>();

    public PathTally(List<String> paths, Set<String> servers) {
        this.paths = Set.copyOf(paths);
        this.servers = Set.copyOf(servers);
    }

    public synchronized void record(URI target, Outcome outcome) {
        String path = paths.contains(target.getPath()) ? target.getPath() : OTHER;
        if (outcome.success()) {
            String server = servers.contains(outcome.instance()) ? outcome.instance() : OTHER;
            served.computeIfAbsent(path, p -> new HashMap<>()).merge(server, 1L, Long::sum);
            return;
        }
        String kind = path + " " + outcome.failure();
        if (!failures.containsKey(kind) && failures.size() >= MAX_FAILURE_KINDS) {
            kind = path + " " + OTHER;
        }
        failures.merge(kind, 1L, Long::sum);
    }

    /** Requests counted since the previous cut on {@code path}, served or failed. */
    public synchronized long requests(String path) {
        return served.getOrDefault(path, Map.of()).values().stream().mapToLong(Long::longValue).sum()
                + failures.entrySet().stream().filter(kind -> kind.getKey().startsWith(path + " "))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** The stretch since the previous cut. */
    public synchronized PhaseCounts cut() {
        PhaseCounts counts = new PhaseCounts(served, failures);
        served = new HashMap<>();
        failures = new HashMap<>();
        return counts;
    }
}
