package io.banyan.controlplane.route;

import java.util.List;

/**
 * One request header condition: the (lower-cased) {@code name} and exactly one of an {@code exact} value, a value
 * {@code prefix}, {@code present: true} or {@code absent: true}.
 */
public record HeaderMatch(String name, String exact, String prefix, Boolean present, Boolean absent) {

    private static final List<String> KINDS = List.of("exact", "prefix", "present", "absent");

    public HeaderMatch {
        name = Rules.headerName("name", name);
        if (name.equals("host")) {
            throw Rules.invalid("name", "'host' (expected: another header; a gateway route matches hosts with"
                    + " 'hosts')");
        }
        Rules.exactlyOne(KINDS, exact, prefix, present, absent);
        if (exact != null) {
            Rules.value("exact", exact);
        }
        if (prefix != null) {
            Rules.value("prefix", prefix);
        }
        onlyTrue("present", present);
        onlyTrue("absent", absent);
    }

    static void onlyTrue(String field, Boolean flag) {
        if (Boolean.FALSE.equals(flag)) {
            throw Rules.invalid(field, "false (expected: true, or leave the field out)");
        }
    }
}
