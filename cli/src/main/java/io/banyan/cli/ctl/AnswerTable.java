package io.banyan.cli.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import io.banyan.cli.ctl.migrations.TextTable;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The table of an admin-API answer no command shows its own way: a list (an array, or an object whose only member is
 * an array of objects, such as {@code {"services": [...]}}) one row per element with a column per member; any other
 * object one {@code FIELD VALUE} row per member; an empty answer its status. Nested values show as compact JSON, cut.
 */
final class AnswerTable {

    /** A cell longer than this is cut with "...". */
    static final int MAX_CELL = 80;

    private AnswerTable() {
    }

    static List<String> lines(JsonNode answer, int status) {
        if (answer.isMissingNode()) {
            return List.of("done (" + status + ")");
        }
        JsonNode list = listOf(answer);
        if (list != null) {
            return rows(list);
        }
        if (!answer.isObject()) {
            return List.of(cell(answer));
        }
        TextTable table = new TextTable("FIELD", "VALUE");
        answer.fields().forEachRemaining(member -> table.row(member.getKey(), cell(member.getValue())));
        return table.lines();
    }

    /** One row per element of {@code list}, the columns the members of its elements in the order first seen. */
    static List<String> rows(JsonNode list) {
        if (list.isEmpty()) {
            return List.of("(none)");
        }
        Set<String> columns = new LinkedHashSet<>();
        list.forEach(element -> element.fieldNames().forEachRemaining(columns::add));
        if (columns.isEmpty()) {
            List<String> lines = new ArrayList<>();
            list.forEach(element -> lines.add(cell(element)));
            return lines;
        }
        TextTable table = new TextTable(columns.stream().map(AnswerTable::header).toArray(String[]::new));
        for (JsonNode element : list) {
            table.row(columns.stream().map(column -> cell(element.path(column))).toArray(String[]::new));
        }
        return table.lines();
    }

    /** A value in a cell: text as is, nothing as "-", anything else compact JSON; cut at {@link #MAX_CELL}. */
    static String cell(JsonNode value) {
        return cell(value.isMissingNode() || value.isNull() ? "-" : value.isValueNode() ? value.asText() : value.toString());
    }

    /** Text in a cell: on one line, cut at {@link #MAX_CELL}. */
    static String cell(String text) {
        String line = text.replace('\n', ' ');
        return line.length() <= MAX_CELL ? line : line.substring(0, MAX_CELL - 3) + "...";
    }

    /** {@code connectedSince} as {@code CONNECTED SINCE}. */
    static String header(String member) {
        return member.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toUpperCase(Locale.ROOT);
    }

    private static JsonNode listOf(JsonNode answer) {
        if (answer.isArray()) {
            return answer;
        }
        Iterator<Map.Entry<String, JsonNode>> members = answer.fields();
        if (!members.hasNext()) {
            return null;
        }
        JsonNode only = members.next().getValue();
        return !members.hasNext() && only.isArray() ? only : null;
    }
}
