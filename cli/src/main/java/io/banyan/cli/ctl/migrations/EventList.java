package io.banyan.cli.ctl.migrations;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * {@code ctl migrations events}: one row per event, oldest first: when, what, by whom, the step and weight it
 * moved from and to, and why (with the figures the guard saw).
 */
public final class EventList {

    /** At most this many figures of one event are shown. */
    static final int MAX_FIGURES = 16;

    private EventList() {
    }

    public static List<String> lines(List<MigrationEvent> events) {
        if (events.isEmpty()) {
            return List.of("no events");
        }
        TextTable table = new TextTable("AT", "TYPE", "BY", "STEP", "WEIGHT", "REASON");
        for (MigrationEvent event : events) {
            table.row(Shown.text(event.at(), 40), Shown.text(event.type(), 32), Shown.text(event.by(), 32),
                    change(event.fromStep(), event.toStep(), ""), change(event.fromWeight(), event.toWeight(), " %"),
                    reason(event));
        }
        return table.lines();
    }

    /** {@code 2 -> 3}, or only what is known. */
    private static String change(Integer before, Integer after, String unit) {
        if (before == null && after == null) {
            return Shown.NONE;
        }
        if (before == null || before.equals(after)) {
            return Shown.number(after) + unit;
        }
        return before + unit + " -> " + Shown.number(after) + unit;
    }

    /** The reason, then the figures in parentheses: {@code guard: ... (toRequests=412, toErrorRate=0.052)}. */
    private static String reason(MigrationEvent event) {
        String reason = event.reason() == null ? "" : Shown.text(event.reason());
        JsonNode figures = event.figures();
        if (figures == null || !figures.isObject() || figures.isEmpty()) {
            return reason.isEmpty() ? Shown.NONE : reason;
        }
        StringJoiner pairs = new StringJoiner(", ", "(", ")");
        int shown = 0;
        for (Map.Entry<String, JsonNode> figure : figures.properties()) {
            if (shown++ == MAX_FIGURES) {
                pairs.add("…");
                break;
            }
            JsonNode value = figure.getValue();
            pairs.add(Shown.text(figure.getKey(), 40) + "=" + Shown.text(value.isNumber()
                    ? value.decimalValue().stripTrailingZeros().toPlainString()
                    : value.isValueNode() ? value.asText() : value.toString(), 64));
        }
        return reason.isEmpty() ? pairs.toString() : reason + " " + pairs;
    }
}
