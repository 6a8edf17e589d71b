package io.banyan.controlplane.migration;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.banyan.controlplane.loadstats.ShadowSample;
import io.banyan.controlplane.loadstats.ShadowStats;
import io.banyan.controlplane.loadstats.SideStats;
import io.banyan.controlplane.route.Match;
import io.banyan.controlplane.route.StrictRecords;
import io.banyan.primitives.json.JsonMappers;
import io.banyan.primitives.json.JsonReadError;
import io.banyan.primitives.time.Durations;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * The JSON of migrations: a spec read strictly from the admin API (an unknown field, a wrong type or a bad value is
 * an {@link io.banyan.controlplane.registry.InvalidFieldException} naming its path, e.g. {@code guard.window}); a
 * migration as stored (spec, state, events); and its API view (the spec with defaults filled in, the state, the
 * stats), events as the API lists them. Durations as text ({@code "5m"}), times RFC 3339 UTC.
 */
public final class MigrationJson {

    /** The most differing samples a view shows, newest last. */
    public static final int MAX_DIFFERENCES = 32;

    private final ObjectMapper strict = configure(JsonMappers.strict());
    private final ObjectMapper stored = configure(JsonMappers.lenient());

    private static ObjectMapper configure(ObjectMapper mapper) {
        return JsonMappers.withDurationText(JsonMappers.withIsoTimes(mapper))
                .setSerializationInclusion(JsonInclude.Include.NON_NULL)
                .addMixIn(Match.class, EmptyListsLeftOut.class);
    }

    /** A match is written as routes write it: without its empty condition lists. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    private abstract static class EmptyListsLeftOut {
    }

    /** Reads a spec the admin API was sent. */
    public MigrationSpec readSpec(byte[] json) {
        return StrictRecords.read(() -> {
            JsonNode tree = strict.readTree(json);
            if (tree == null || tree.isMissingNode()) {
                throw StrictRecords.invalid(JsonReadError.MISSING_BODY);
            }
            if (!tree.isObject()) {
                throw StrictRecords.invalid(tree.isNull() ? JsonReadError.NULL_BODY : new JsonReadError(null,
                        "body: " + tree.getNodeType().name().toLowerCase(Locale.ROOT)
                                + " (expected: a JSON object)"));
            }
            return strict.treeToValue(tree, MigrationSpec.class);
        });
    }

    /** A migration as the store keeps it. */
    public String writeStored(Migration migration) {
        try {
            return stored.writeValueAsString(migration);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode migration '" + migration.name() + "'", e);
        }
    }

    public Migration readStored(String json) {
        try {
            return stored.readValue(json, Migration.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable stored migration: " + e.getOriginalMessage(), e);
        }
    }

    /** The API view: the spec with its defaults, the state, and {@code stats}. */
    public ObjectNode view(Migration migration, MigrationStats stats) {
        ObjectNode view = stored.valueToTree(migration.spec());
        MigrationState state = migration.state();
        view.put("state", state.state().wireName())
                .put("step", state.step())
                .put("weight", state.weight())
                .put("stepStartedAt", time(state.stepStartedAt()))
                .put("createdAt", time(state.createdAt()))
                .put("updatedAt", time(state.updatedAt()));
        if (state.reason() != null) {
            view.put("reason", state.reason());
        }
        ObjectNode out = view.putObject("stats")
                .put("window", Durations.format(stats.window()))
                .put("since", time(stats.since()));
        side(out.putObject("from"), stats.from());
        side(out.putObject("to"), stats.newSide(migration));
        shadow(out.putObject("shadow"), stats.shadow());
        return view;
    }

    /** {@code {"migrations": [view, ...]}}. */
    public ObjectNode list(List<ObjectNode> views) {
        ObjectNode body = stored.createObjectNode();
        body.putArray("migrations").addAll(views);
        return body;
    }

    /** {@code {"events": [...]}}, oldest first. */
    public ObjectNode events(Migration migration) {
        ObjectNode body = stored.createObjectNode();
        ArrayNode events = body.putArray("events");
        migration.events().forEach(event -> events.add((JsonNode) stored.valueToTree(event)));
        return body;
    }

    public byte[] bytes(JsonNode node) {
        try {
            return stored.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a migration answer", e);
        }
    }

    private static void side(ObjectNode out, SideStats side) {
        ObjectNode causes = out.put("requests", side.requests())
                .put("errors", side.errors())
                .put("errorRate", side.errorRate())
                .putObject("errorsByCause");
        new TreeMap<>(side.errorsByCause()).forEach(causes::put);
        out.put("inProgress", side.inProgress())
                .put("p50Ms", millis(side.p50()))
                .put("p99Ms", millis(side.p99()));
    }

    private static void shadow(ObjectNode out, ShadowStats shadow) {
        out.put("compared", shadow.compared())
                .put("equal", shadow.equal())
                .put("different", shadow.different())
                .put("failed", shadow.failed())
                .put("dropped", shadow.dropped());
        ArrayNode differences = out.putArray("differences");
        List<ShadowSample> samples = shadow.samples();
        for (ShadowSample sample : samples.subList(Math.max(0, samples.size() - MAX_DIFFERENCES), samples.size())) {
            differences.addObject()
                    .put("requestId", sample.requestId())
                    .put("method", sample.method())
                    .put("path", sample.path())
                    .put("fromStatus", sample.liveStatus())
                    .put("toStatus", sample.shadowStatus())
                    .put("kind", sample.kind())
                    .put("where", sample.where())
                    .put("at", time(sample.at()));
        }
    }

    private static double millis(Duration duration) {
        return duration.toNanos() / 1e6;
    }

    private static String time(Instant instant) {
        return instant.toString();
    }
}
