package io.banyan.cli.ctl.migrations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.banyan.primitives.json.JsonMappers;

import java.util.ArrayList;
import java.util.List;

/**
 * One entry of {@code GET /v1/migrations/{name}/events}, read leniently: what happened ({@code type}), who did it
 * ({@code by}: operator, guard or schedule), the step and weight before and after, why, and the figures it saw.
 */
public record MigrationEvent(String at, String type, String by, Integer fromStep, Integer toStep, Integer fromWeight,
        Integer toWeight, String reason, JsonNode figures) {

    private static final ObjectMapper JSON = JsonMappers.lenient();

    /** Reads {@code {"events": [...]}} (oldest first); {@link IllegalStateException} when it is not that. */
    public static List<MigrationEvent> listOf(JsonNode node) {
        JsonNode events = node == null ? null : node.get("events");
        if (events == null || !events.isArray()) {
            throw new IllegalStateException("not a list of events (expected: {\"events\": [...]})");
        }
        List<MigrationEvent> list = new ArrayList<>(events.size());
        for (JsonNode event : events) {
            try {
                list.add(JSON.treeToValue(event, MigrationEvent.class));
            } catch (JsonProcessingException | IllegalArgumentException e) {
                throw new IllegalStateException("not a migration event (expected: a JSON object)", e);
            }
        }
        return list;
    }
}
