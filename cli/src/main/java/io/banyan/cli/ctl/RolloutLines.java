package io.banyan.cli.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import io.banyan.cli.ctl.migrations.Shown;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A staged rollout ({@code GET /v1/rollouts/{id}}) as text: one row in a list, or a few lines on its own. */
final class RolloutLines {

    static final String HEADER = String.format(Locale.ROOT, "%-12s %-9s %-28s %-7s %-24s %s", "ID", "STATE",
            "OBJECT", "CANARY", "BAKE UNTIL", "REASON");

    private RolloutLines() {
    }

    static List<String> table(JsonNode listing) {
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        for (JsonNode rollout : listing.path("rollouts")) {
            lines.add(String.format(Locale.ROOT, "%-12s %-9s %-28s %-7d %-24s %s", text(rollout, "id", 12),
                    text(rollout, "state", 9), object(rollout), rollout.path("canary").size(),
                    text(rollout, "bakeUntil", 24), text(rollout, "reason", 200)));
        }
        return lines;
    }

    static List<String> one(JsonNode rollout) {
        List<String> lines = new ArrayList<>();
        lines.add(text(rollout, "id", 64) + ": " + text(rollout, "state", 16) + ", revision "
                + rollout.path("revision").asLong() + ", " + object(rollout));
        List<String> canary = new ArrayList<>();
        rollout.path("canary").forEach(node -> canary.add(Shown.text(node.asText(), 128)));
        lines.add("  canary: " + (canary.isEmpty() ? "(none)" : String.join(", ", canary)));
        lines.add("  started " + text(rollout, "startedAt", 40) + ", bake until " + text(rollout, "bakeUntil", 40));
        lines.add("  canary " + stats(rollout.path("canaryStats")) + "; rest " + stats(rollout.path("restStats")));
        if (rollout.hasNonNull("reason")) {
            lines.add("  reason: " + text(rollout, "reason", 500));
        }
        return lines;
    }

    private static String object(JsonNode rollout) {
        return text(rollout, "kind", 24) + " '" + text(rollout, "object", 64) + "'";
    }

    private static String stats(JsonNode stats) {
        return String.format(Locale.ROOT, "%d requests, %d errors (%.4f)", stats.path("requests").asLong(),
                stats.path("errors").asLong(), stats.path("errorRate").asDouble());
    }

    private static String text(JsonNode node, String field, int max) {
        return Shown.text(node.path(field).asText(""), max);
    }
}
