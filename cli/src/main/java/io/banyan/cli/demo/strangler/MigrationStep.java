package io.banyan.cli.demo.strangler;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One step of the migration: how each path is split between the monolith and its new service, and whether the
 * monolith is still registered. Where the monolith is registered it also takes everything no path route matches.
 *
 * @param title              what the step does, for the printed table
 * @param shares             the paths, in route order
 * @param monolithRegistered false once the monolith is retired (then no path may still be on it)
 */
public record MigrationStep(String title, List<PathShare> shares, boolean monolithRegistered) {

    /** The monolith's service name. */
    public static final String MONOLITH = "monolith";

    public MigrationStep {
        shares = List.copyOf(shares);
        if (!monolithRegistered && shares.stream().anyMatch(PathShare::onMonolith)) {
            throw new IllegalArgumentException("shares: a path still on the monolith (expected: every path at 100 % "
                    + "before the monolith is retired)");
        }
    }

    /** Who may serve {@code path} in this step: the monolith, its new service, or both. */
    public Set<String> servers(String path) {
        PathShare share = share(path).orElseThrow(() -> new IllegalArgumentException("path: " + path + " (expected: "
                + "one of the step's paths)"));
        if (share.percent() == 0) {
            return Set.of(MONOLITH);
        }
        return share.onMonolith() ? Set.of(share.service(), MONOLITH) : Set.of(share.service());
    }

    public Optional<PathShare> share(String path) {
        return shares.stream().filter(share -> share.path().equals(path)).findFirst();
    }

    public List<String> paths() {
        return shares.stream().map(PathShare::path).toList();
    }
}
