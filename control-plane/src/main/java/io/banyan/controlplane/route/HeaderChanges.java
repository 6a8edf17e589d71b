package io.banyan.controlplane.route;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Changes to the request's or the response's headers: {@code add} (appended to any value there), {@code set}
 * (replacing it), {@code remove}. Names are lower-cased, each named once, and values literal (a {@code %} is a
 * percent sign; an empty value adds the header with no value, and is written back as {@code ""}), both by the sidecars' own rules ({@link
 * Rules#mutableHeaderName}, {@link Rules#mutableHeaderValue}: never a header the mesh owns, such as a pseudo-header,
 * {@code host} or {@code x-banyan-*}); at most {@value Rules#MAX_MATCHERS} changes.
 */
public record HeaderChanges(
        @JsonInclude(value = JsonInclude.Include.NON_EMPTY, content = JsonInclude.Include.ALWAYS)
        SortedMap<String, String> add,
        @JsonInclude(value = JsonInclude.Include.NON_EMPTY, content = JsonInclude.Include.ALWAYS)
        SortedMap<String, String> set,
        List<String> remove) {

    public HeaderChanges {
        Set<String> seen = new HashSet<>();
        add = checked("add", add, seen);
        set = checked("set", set, seen);
        List<String> names = new ArrayList<>();
        List<String> given = Rules.atMost("remove", remove, Rules.MAX_MATCHERS);
        for (int i = 0; i < given.size(); i++) {
            names.add(name("remove[" + i + "]", given.get(i), seen));
        }
        remove = List.copyOf(names);
        if (add.size() + set.size() + remove.size() > Rules.MAX_MATCHERS) {
            throw Rules.invalid("remove", (add.size() + set.size() + remove.size())
                    + " changes (expected: at most " + Rules.MAX_MATCHERS + " in add, set and remove together)");
        }
    }

    private static SortedMap<String, String> checked(String field, Map<String, String> values, Set<String> seen) {
        SortedMap<String, String> checked = new TreeMap<>();
        if (values == null) {
            return Collections.unmodifiableSortedMap(checked);
        }
        if (values.size() > Rules.MAX_MATCHERS) {
            throw Rules.invalid(field, values.size() + " entries (expected: at most " + Rules.MAX_MATCHERS + ")");
        }
        for (Map.Entry<String, String> entry : values.entrySet()) {
            String name = name(field, entry.getKey(), seen);
            checked.put(name, Rules.mutableHeaderValue(field + "." + name, entry.getValue()));
        }
        return Collections.unmodifiableSortedMap(checked);
    }

    private static String name(String field, String given, Set<String> seen) {
        String name = Rules.mutableHeaderName(field, given);
        Rules.unique(field, seen, name);
        return name;
    }
}
