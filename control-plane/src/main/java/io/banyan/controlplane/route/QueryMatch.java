package io.banyan.controlplane.route;

import java.util.List;

/** One query parameter condition: its {@code name} and exactly one of an {@code exact} value or {@code present: true}. */
public record QueryMatch(String name, String exact, Boolean present) {

    private static final List<String> KINDS = List.of("exact", "present");

    public QueryMatch {
        if (name == null || name.isEmpty()) {
            throw Rules.invalid("name", "missing (expected: a query parameter name)");
        }
        Rules.value("name", name);
        Rules.exactlyOne(KINDS, exact, present);
        if (exact != null) {
            Rules.value("exact", exact);
        }
        HeaderMatch.onlyTrue("present", present);
    }
}
