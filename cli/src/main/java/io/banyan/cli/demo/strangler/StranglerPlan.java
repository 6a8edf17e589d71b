package io.banyan.cli.demo.strangler;

import java.util.ArrayList;
import java.util.List;

/**
 * The chapter's Strangler Fig migration as steps: the gateway routes everything to the monolith; then each path in
 * turn goes to its new service at 10 %, then at 100 %; once no path is left on it the monolith is retired.
 */
public final class StranglerPlan {

    /** The canary share of a path's first move. */
    public static final int CANARY_PERCENT = 10;

    private final List<MigrationStep> steps;

    private StranglerPlan(List<MigrationStep> steps) {
        this.steps = List.copyOf(steps);
    }

    /** The migration of {@code paths} (each to its service), in that order. */
    public static StranglerPlan of(List<PathShare> paths) {
        List<PathShare> shares = new ArrayList<>(paths.stream().map(share -> share.at(0)).toList());
        List<MigrationStep> steps = new ArrayList<>();
        steps.add(new MigrationStep("the gateway routes everything to the monolith", shares, true));
        for (int i = 0; i < shares.size(); i++) {
            PathShare share = shares.get(i);
            shares.set(i, share.at(CANARY_PERCENT));
            steps.add(new MigrationStep(share.service() + " takes " + CANARY_PERCENT + " % of " + share.path(), shares, true));
            shares.set(i, share.at(100));
            steps.add(new MigrationStep(share.service() + " takes all of " + share.path(), shares, true));
        }
        steps.add(new MigrationStep("the monolith is deregistered and stopped", shares, false));
        return new StranglerPlan(steps);
    }

    /** The chapter's: /users, /orders and /payments move to users, orders and payments; orders first. */
    public static StranglerPlan chapter() {
        return of(List.of(new PathShare("/orders", "orders", 0), new PathShare("/users", "users", 0),
                new PathShare("/payments", "payments", 0)));
    }

    public List<MigrationStep> steps() {
        return steps;
    }

    /** Every path of the migration, in route order. */
    public List<String> paths() {
        return steps.get(0).paths();
    }

    /** The new services, in the order they take over. */
    public List<String> services() {
        return steps.get(0).shares().stream().map(PathShare::service).toList();
    }
}
