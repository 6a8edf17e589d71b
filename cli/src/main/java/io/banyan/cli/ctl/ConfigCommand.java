package io.banyan.cli.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.banyan.cli.admin.AdminAnswer;
import io.banyan.cli.admin.AdminClient;
import io.banyan.cli.options.CommandFailure;
import io.banyan.cli.options.CommandGroup;
import io.banyan.cli.options.Converters;
import io.banyan.primitives.json.JsonMappers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * {@code banyan ctl config get|set|unset|history SERVICE}: a service's app configuration
 * ({@code /v1/services/{service}/config}); set and unset are JSON merge patches of single keys.
 */
@Command(name = "config", description = "A service's app configuration: get, set, unset, history.",
        subcommands = {ConfigCommand.Get.class, ConfigCommand.Set.class, ConfigCommand.Unset.class,
                ConfigCommand.History.class})
public final class ConfigCommand extends CommandGroup {

    static final String MERGE_PATCH = "application/merge-patch+json";
    private static final ObjectMapper JSON = JsonMappers.lenient();

    static String path(String service) {
        return "/v1/services/" + AdminCall.segment(service) + "/config";
    }

    /** A header line, then {@code KEY = value} lines, secrets as {@code <secret>}. */
    static List<String> keys(JsonNode config) {
        List<String> lines = new ArrayList<>();
        lines.add("# " + config.path("service").asText() + " revision " + config.path("revision").asText());
        for (String member : List.of("values", "secrets")) {
            for (Iterator<Map.Entry<String, JsonNode>> it = config.path(member).fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                lines.add(entry.getKey() + " = " + shown(entry.getValue()));
            }
        }
        return lines;
    }

    private static String shown(JsonNode value) {
        return value.isTextual() ? value.asText() : value.toString();
    }

    @Command(name = "get", description = "GET /v1/services/{service}/config: every key (secrets as <secret>), or one.")
    static final class Get extends AdminCall {
        @Parameters(index = "0", paramLabel = "SERVICE")
        String service;
        @Parameters(index = "1", paramLabel = "KEY", arity = "0..1", description = "Only this key's value.")
        String key;

        @Override
        AdminAnswer call(AdminClient client) throws IOException, InterruptedException {
            return client.get(path(service));
        }

        @Override
        List<String> table(AdminAnswer answer) {
            JsonNode config = answer.json();
            if (key == null) {
                return keys(config);
            }
            JsonNode value = config.path("values").has(key) ? config.path("values").get(key)
                    : config.path("secrets").get(key);
            if (value == null) {
                throw new CommandFailure("config of " + service + ": no key '" + key + "'", ExitCodes.NOT_FOUND);
            }
            return List.of(shown(value));
        }
    }

    /** A merge patch of some keys of one service's configuration, printed as the configuration after it. */
    abstract static class PatchCall extends AdminCall {
        @Parameters(index = "0", paramLabel = "SERVICE")
        String service;
        @Mixin
        WriteOptions writing;

        /** The merge patch. */
        abstract ObjectNode patch();

        @Override
        final AdminAnswer call(AdminClient client) throws IOException, InterruptedException {
            return client.patch(writing.path(path(service)), MERGE_PATCH, patch(), writing.ifMatch());
        }

        @Override
        final List<String> table(AdminAnswer answer) {
            return answer.json().path("dryRun").asBoolean() ? super.table(answer) : keys(answer.json());
        }
    }

    @Command(name = "set", description = "PATCH /v1/services/{service}/config: set keys; VALUE is JSON when it parses"
            + " as JSON, else a string (with --secret always a string).")
    static final class Set extends PatchCall {
        @Parameters(index = "1..*", arity = "1..*", paramLabel = "KEY=VALUE")
        List<String> assignments;
        @Option(names = "--secret", description = "Set the keys as secrets (sealed at rest, never shown).")
        boolean secret;

        @Override
        ObjectNode patch() {
            ObjectNode patch = JSON.createObjectNode();
            ObjectNode keys = patch.putObject(secret ? "secrets" : "values");
            for (String assignment : assignments) {
                int eq = assignment.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("KEY=VALUE: '" + assignment + "' (expected: KEY=VALUE)");
                }
                String text = assignment.substring(eq + 1);
                keys.set(assignment.substring(0, eq), secret ? TextNode.valueOf(text) : value(text));
            }
            return patch;
        }
    }

    @Command(name = "unset", description = "PATCH /v1/services/{service}/config: remove keys (values or secrets).")
    static final class Unset extends PatchCall {
        @Parameters(index = "1..*", arity = "1..*", paramLabel = "KEY")
        List<String> keys;

        @Override
        ObjectNode patch() {
            ObjectNode patch = JSON.createObjectNode();
            ObjectNode values = patch.putObject("values");
            ObjectNode secrets = patch.putObject("secrets");
            keys.forEach(key -> {
                values.putNull(key);
                secrets.putNull(key);
            });
            return patch;
        }
    }

    @Command(name = "history", description = "GET /v1/revisions?kind=config&service=SERVICE: its revisions, newest"
            + " first, with their diffs (secrets as <secret>).")
    static final class History extends AdminCall {
        @Parameters(index = "0", paramLabel = "SERVICE")
        String service;
        @Option(names = "--limit", paramLabel = "N", converter = Converters.Positive.class,
                description = "At most N revisions (default: the admin API's, 50).")
        Integer limit;

        @Override
        AdminAnswer call(AdminClient client) throws IOException, InterruptedException {
            return client.get("/v1/revisions?kind=config&service=" + AdminCall.segment(service)
                    + (limit == null ? "" : "&limit=" + limit));
        }

        @Override
        List<String> table(AdminAnswer answer) {
            List<String> lines = new ArrayList<>();
            for (JsonNode revision : answer.json().path("revisions")) {
                lines.add(revision.path("revision").asText() + "  " + revision.path("at").asText() + "  "
                        + revision.path("author").asText() + "  " + revision.path("action").asText()
                        + (revision.has("revertOf") ? "  (revert of " + revision.get("revertOf").asText() + ")" : ""));
                revision.path("diff").forEach(line -> lines.add("    " + line.asText()));
            }
            return lines;
        }
    }

    /** {@code VALUE} as JSON when it parses as JSON, else as a string. */
    static JsonNode value(String text) {
        try {
            JsonNode parsed = JSON.readTree(text);
            return parsed == null || parsed.isMissingNode() ? TextNode.valueOf(text) : parsed;
        } catch (IOException e) {
            return TextNode.valueOf(text);
        }
    }
}
