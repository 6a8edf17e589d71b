package io.banyan.controlplane.migration;

import io.banyan.controlplane.registry.InvalidFieldException;
import io.banyan.controlplane.route.Match;
import io.banyan.controlplane.route.RouteOwner;

import java.util.List;

/**
 * What an operator asks of a migration: move the requests {@code match}es (an operator route's match; absent:
 * every request) in the route table of {@code gateway} (absent: of traffic addressed to {@code from}) from service
 * {@code from} to service {@code to}, through the weights {@code steps} (ascending, 0..100, ending at 100; 0 is
 * shadow only), advancing {@code advance}, copying {@code shadow.percent} of the requests to {@code to} while the
 * weight is 0 and comparing the answers as {@code compare} says, rolling back when {@code guard} is breached.
 */
public record MigrationSpec(String name, Match match, String from, String to, String gateway, List<Integer> steps,
                            Advance advance, Shadow shadow, Compare compare, Guard guard) {

    public static final List<Integer> DEFAULT_STEPS = List.of(0, 1, 5, 25, 50, 100);
    static final int MAX_STEPS = 20;
    static final int FULL = 100;

    public MigrationSpec {
        InvalidFieldException.serviceName("name", name);
        match = Fields.orDefault(match, Match.EVERYTHING);
        InvalidFieldException.serviceName("from", from);
        InvalidFieldException.serviceName("to", to);
        if (from.equals(to)) {
            throw Fields.invalid("to", "'" + to + "' (expected: a service other than from)");
        }
        if (gateway != null) {
            InvalidFieldException.serviceName("gateway", gateway);
        }
        steps = steps(Fields.orDefault(steps, DEFAULT_STEPS));
        advance = Fields.orDefault(advance, Advance.MANUAL);
        compare = Fields.orDefault(compare, Compare.DEFAULT);
        guard = Fields.orDefault(guard, Guard.DEFAULT);
    }

    /** The route table the migration's route goes in. */
    public Table table() {
        return gateway == null ? new Table(RouteOwner.SERVICE, from) : new Table(RouteOwner.GATEWAY, gateway);
    }

    /** The index of the last step (weight 100). */
    public int lastStep() {
        return steps.size() - 1;
    }

    private static List<Integer> steps(List<Integer> steps) {
        if (steps.isEmpty() || steps.size() > MAX_STEPS) {
            throw Fields.invalid("steps", steps.size() + " entries (expected: 1.." + MAX_STEPS + " weights)");
        }
        for (int i = 0; i < steps.size(); i++) {
            Integer weight = steps.get(i);
            if (weight == null || weight < 0 || weight > FULL) {
                throw Fields.invalid("steps[" + i + "]", weight + " (expected: a weight 0..100)");
            }
            if (i > 0 && weight <= steps.get(i - 1)) {
                throw Fields.invalid("steps[" + i + "]", weight + " (expected: more than steps[" + (i - 1) + "] "
                        + steps.get(i - 1) + ": ascending weights)");
            }
        }
        if (steps.get(steps.size() - 1) != FULL) {
            throw Fields.invalid("steps[" + (steps.size() - 1) + "]", steps.get(steps.size() - 1)
                    + " (expected: the last step 100)");
        }
        return List.copyOf(steps);
    }

    /** A route table: of traffic addressed to a service, or of a gateway. */
    public record Table(RouteOwner owner, String name) {

        @Override
        public String toString() {
            return owner.field() + " '" + name + "'";
        }
    }
}
