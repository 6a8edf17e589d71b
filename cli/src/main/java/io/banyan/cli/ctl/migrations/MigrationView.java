package io.banyan.cli.ctl.migrations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.banyan.primitives.json.JsonMappers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A migration as {@code GET /v1/migrations/{name}} answers it, read leniently (a field this client does not know is
 * a newer server's, not an error; an absent one is {@code null}, or empty). Strings are shown only through
 * {@link Shown#text}, as the server relays some of them from requests it did not write.
 */
public record MigrationView(String name, JsonNode match, String from, String to, String gateway, List<Integer> steps,
        JsonNode advance, Shadow shadow, JsonNode compare, Guard guard, String state, int step, int weight,
        String stepStartedAt, String createdAt, String updatedAt, String reason, Stats stats) {

    public static final String COMPLETE = "complete";
    public static final String ROLLED_BACK = "rolled-back";
    public static final String SHADOWING = "shadowing";

    private static final ObjectMapper JSON = JsonMappers.lenient();

    public MigrationView {
        steps = steps == null ? List.of() : List.copyOf(steps);
        stats = stats == null ? Stats.NONE : stats;
    }

    /** Reads one view; {@link IllegalStateException} naming what is wrong when {@code node} is not one. */
    public static MigrationView of(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalStateException("not a migration view (expected: a JSON object)");
        }
        try {
            return JSON.treeToValue(node, MigrationView.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalStateException("not a migration view: " + Shown.text(oneLine(e)), e);
        }
    }

    /** Reads the list answer {@code {"migrations": [view, ...]}}. */
    public static List<MigrationView> listOf(JsonNode node) {
        JsonNode migrations = node == null ? null : node.get("migrations");
        if (migrations == null || !migrations.isArray()) {
            throw new IllegalStateException("not a list of migrations (expected: {\"migrations\": [...]})");
        }
        List<MigrationView> views = new ArrayList<>(migrations.size());
        migrations.forEach(view -> views.add(of(view)));
        return views;
    }

    public boolean isOver() {
        return COMPLETE.equals(state) || ROLLED_BACK.equals(state);
    }

    /** The last index into {@link #steps} (so that the last step reads {@code 5/5}). */
    public int lastStep() {
        return Math.max(0, steps.size() - 1);
    }

    private static String oneLine(Exception e) {
        String message = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message.strip().lines().findFirst().orElse("");
    }

    /** {@code "shadow": {"percent": 100}}: the share of matching requests copied to {@code to} while at weight 0. */
    public record Shadow(Double percent) {
    }

    /** {@code "guard"}: each {@code max*} {@code null} when that check is off. */
    public record Guard(Double maxErrorRate, Double maxErrorRateIncrease, Double maxP99Ratio, Integer minRequests,
            String window) {
    }

    /** {@code "stats"}: both sides and the shadow's comparisons since {@code since}. */
    public record Stats(String window, String since, Side from, Side to, ShadowFigures shadow) {

        static final Stats NONE = new Stats(null, null, null, null, null);

        public Stats {
            from = from == null ? Side.NONE : from;
            to = to == null ? Side.NONE : to;
            shadow = shadow == null ? ShadowFigures.NONE : shadow;
        }
    }

    /** One side's figures; {@code p50Ms} and {@code p99Ms} {@code null} without requests. */
    public record Side(long requests, long errors, Double errorRate, Map<String, Long> errorsByCause, long inProgress,
            Double p50Ms, Double p99Ms) {

        static final Side NONE = new Side(0, 0, null, Map.of(), 0, null, null);

        public Side {
            errorsByCause = errorsByCause == null ? Map.of() : Map.copyOf(errorsByCause);
        }
    }

    /** The shadow's comparisons and its latest differing samples (newest last). */
    public record ShadowFigures(long compared, long equal, long different, long failed, long dropped,
            List<Difference> differences) {

        static final ShadowFigures NONE = new ShadowFigures(0, 0, 0, 0, 0, List.of());

        public ShadowFigures {
            differences = differences == null ? List.of() : List.copyOf(differences);
        }
    }

    /** A differing sample: where the {@code to} side's answer first differed from the live {@code from} side's. */
    public record Difference(String requestId, String method, String path, Integer fromStatus, Integer toStatus,
            String kind, String where, String at) {
    }
}
