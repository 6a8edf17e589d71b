package io.banyan.cli.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import io.banyan.cli.admin.AdminAnswer;
import io.banyan.cli.admin.AdminClient;
import io.banyan.cli.ctl.migrations.TextTable;
import io.banyan.cli.options.CommandGroup;
import io.banyan.cli.options.Converters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** {@code banyan ctl revisions list|get|revert}: {@code /v1/revisions}, the history of the mesh configuration. */
@Command(name = "revisions", description = "/v1/revisions: every change of the mesh configuration with who made it "
        + "and its diff; list, get N, revert N.",
        subcommands = {RevisionsCommand.ListAll.class, RevisionsCommand.Get.class, RevisionsCommand.Revert.class})
public final class RevisionsCommand extends CommandGroup {

    static final String PATH = "/v1/revisions";

    @Command(name = "list", sortOptions = false, description = "GET /v1/revisions, newest first: one row each with the "
            + "first line of its diff.")
    static final class ListAll extends AdminCall {
        @Option(names = "--service", paramLabel = "SERVICE", description = "Only this service's objects.")
        String service;
        @Option(names = "--kind", paramLabel = "KIND", description = "Only this kind (policy, authorization, routes, ...).")
        String kind;
        @Option(names = "--limit", paramLabel = "N", converter = Converters.Positive.class,
                description = "At most N (the control plane's default: 50).")
        Integer limit;

        @Override
        AdminAnswer call(AdminClient client) throws IOException, InterruptedException {
            List<String> query = new ArrayList<>();
            if (service != null) {
                query.add("service=" + AdminCall.segment(service));
            }
            if (kind != null) {
                query.add("kind=" + AdminCall.segment(kind));
            }
            if (limit != null) {
                query.add("limit=" + limit);
            }
            return client.get(PATH + (query.isEmpty() ? "" : "?" + String.join("&", query)));
        }

        @Override
        List<String> table(AdminAnswer answer) {
            JsonNode revisions = answer.json().path("revisions");
            if (revisions.isEmpty()) {
                return List.of("(none)");
            }
            TextTable table = new TextTable("REVISION", "AT", "AUTHOR", "KIND", "OBJECT", "ACTION", "DIFF");
            for (JsonNode revision : revisions) {
                table.row(revision.path("revision").asText(), revision.path("at").asText(),
                        revision.path("author").asText(), revision.path("kind").asText(),
                        revision.path("object").asText(), action(revision), firstLine(revision.path("diff")));
            }
            return table.lines();
        }
    }

    @Command(name = "get", description = "GET /v1/revisions/{n}: who, when, what, and the whole diff.")
    static final class Get extends AdminCall {
        @Parameters(paramLabel = "N", description = "The revision.")
        long revision;

        @Override
        AdminAnswer call(AdminClient client) throws IOException, InterruptedException {
            return client.get(PATH + "/" + revision);
        }

        @Override
        List<String> table(AdminAnswer answer) {
            return lines(answer.json());
        }
    }

    @Command(name = "revert", sortOptions = false, description = "POST /v1/revisions/{n}/revert: a new revision that "
            + "undoes revision N (exit 4 when a later change touched the same object, unless --force).")
    static final class Revert extends AdminCall {
        @Parameters(paramLabel = "N", description = "The revision to undo.")
        long revision;
        @Option(names = "--force", description = "Revert even when a later revision changed the same object.")
        boolean force;
        @Option(names = "--dry-run", description = "Show what the revert would change, storing nothing (?dryRun=true).")
        boolean dryRun;

        @Override
        AdminAnswer call(AdminClient client) throws IOException, InterruptedException {
            String path = PATH + "/" + revision + "/revert" + (force ? "?force=true" : "");
            return client.post(WriteOptions.dryRun(path, dryRun));
        }

        @Override
        List<String> table(AdminAnswer answer) {
            return lines(answer.json());
        }
    }

    /** A revision: its fields but the diff and the objects, then the diff's lines. */
    static List<String> lines(JsonNode revision) {
        TextTable table = new TextTable("FIELD", "VALUE");
        revision.fields().forEachRemaining(member -> {
            if (!List.of("diff", "before", "after").contains(member.getKey())) {
                table.row(member.getKey(), AnswerTable.cell(member.getValue()));
            }
        });
        List<String> lines = new ArrayList<>(table.lines());
        lines.add("");
        revision.path("diff").forEach(line -> lines.add(line.asText()));
        return lines;
    }

    private static String action(JsonNode revision) {
        JsonNode revertOf = revision.path("revertOf");
        return revision.path("action").asText() + (revertOf.isMissingNode() || revertOf.isNull() ? ""
                : " (revert of " + revertOf.asText() + ")");
    }

    private static String firstLine(JsonNode diff) {
        if (diff.isEmpty()) {
            return "-";
        }
        String first = AnswerTable.cell(diff.get(0));
        return diff.size() == 1 ? first : first + " (+" + (diff.size() - 1) + " more)";
    }
}
