package io.banyan.cli.ctl.migrations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The canned answers of the tests: a migration view and its events as CONTRACT A shapes them. */
final class Views {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Views() {
    }

    /** The canned view (orders-move, shifting at step 3, weight 25), as JSON to change. */
    static ObjectNode view() {
        return (ObjectNode) resource("migration-view.json");
    }

    static JsonNode events() {
        return resource("migration-events.json");
    }

    static JsonNode resource(String name) {
        try (InputStream in = Views.class.getResourceAsStream("/io/banyan/cli/ctl/" + name)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
