package io.banyan.cli.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import io.banyan.cli.admin.AdminAnswer;
import io.banyan.cli.admin.AdminClient;
import io.banyan.cli.ctl.migrations.EventList;
import io.banyan.cli.ctl.migrations.MigrationEvent;
import io.banyan.cli.ctl.migrations.MigrationSummary;
import io.banyan.cli.ctl.migrations.MigrationTable;
import io.banyan.cli.ctl.migrations.MigrationView;
import io.banyan.cli.ctl.migrations.Shown;
import io.banyan.cli.options.CommandFailure;
import io.banyan.cli.options.CommandGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@code banyan ctl migrations ...}: {@code /v1/migrations}, moving a path from one service to another in steps,
 * shadowed and compared first, guarded by the new side's errors and latency (docs/migrations.md).
 */
@Command(name = "migrations", description = "/v1/migrations: move matching traffic from one service to another in "
        + "steps, shadowed and guarded; create -f FILE, list, get, events, advance, pause, resume, rollback, complete, "
        + "delete, watch.",
        subcommands = {MigrationsCommand.Create.class, MigrationsCommand.ListAll.class, MigrationsCommand.Get.class,
                MigrationsCommand.Events.class, MigrationActions.Advance.class, MigrationActions.Pause.class,
                MigrationActions.Resume.class, MigrationActions.Rollback.class, MigrationActions.Complete.class,
                MigrationsCommand.Delete.class, MigrationWatchCommand.class})
public final class MigrationsCommand extends CommandGroup {

    static final String PATH = "/v1/migrations";

    /** {@code /v1/migrations/{name}}, then {@code suffix}. */
    static String path(String name, String suffix) {
        return PATH + "/" + AdminCall.segment(name) + suffix;
    }

    /** A 2xx answer the client cannot read as {@code reader} expects is the admin API's failure, not the user's. */
    static <T> T read(AdminAnswer answer, Function<JsonNode, T> reader) {
        try {
            return reader.apply(answer.json());
        } catch (IllegalStateException e) {
            throw new CommandFailure("unexpected answer from the admin API: " + e.getMessage(), ExitCodes.UNAVAILABLE);
        }
    }

    /** A call about one migration, by name. */
    abstract static class Named extends AdminCall {
        @Parameters(paramLabel = "NAME", description = "The migration.")
        String name;
    }

    @Command(name = "create", sortOptions = false,
            description = "POST /v1/migrations: a migration from a YAML or JSON file (or only validate it with --dry-run).")
    static final class Create extends AdminCall {
        @Option(names = {"-f", "--file"}, paramLabel = "FILE", required = true,
                description = "Required. The migration, YAML (.yaml, .yml) or JSON (.json); - reads stdin.")
        String file;
        @Option(names = "--dry-run", description = "Validate and show the migration as it would be created, storing nothing.")
        boolean dryRun;

        @Override
        AdminAnswer call(AdminClient client) throws IOException, InterruptedException {
            return client.post(WriteOptions.dryRun(PATH, dryRun), BodyFile.MIGRATION.read(file, System.in));
        }

        @Override
        List<String> table(AdminAnswer answer) {
            MigrationView view = read(answer, MigrationView::of);
            List<String> lines = new ArrayList<>();
            lines.add(dryRun ? "valid, nothing stored (--dry-run):" : "created:");
            lines.addAll(MigrationSummary.lines(view, MigrationSummary.MAX_DIFFERENCES));
            return lines;
        }
    }

    @Command(name = "list", description = "GET /v1/migrations: name, state, weight, step, sides, the new side's "
            + "error rate, both p99s and the shadow's differences, one row each.")
    static final class ListAll extends AdminCall {
        @Override
        AdminAnswer call(AdminClient client) throws IOException, InterruptedException {
            return client.get(PATH);
        }

        @Override
        List<String> table(AdminAnswer answer) {
            return MigrationTable.lines(read(answer, MigrationView::listOf));
        }
    }

    @Command(name = "get", description = "GET /v1/migrations/{name}: where it stands, its rules, both sides' figures "
            + "and the shadow's latest differences.")
    static final class Get extends Named {
        @Override
        AdminAnswer call(AdminClient client) throws IOException, InterruptedException {
            return client.get(path(name, ""));
        }

        @Override
        List<String> table(AdminAnswer answer) {
            return MigrationSummary.lines(read(answer, MigrationView::of), MigrationSummary.MAX_DIFFERENCES);
        }
    }

    @Command(name = "events", description = "GET /v1/migrations/{name}/events: every step, pause, resume, rollback "
            + "and completion, oldest first, with who did it and why.")
    static final class Events extends Named {
        @Override
        AdminAnswer call(AdminClient client) throws IOException, InterruptedException {
            return client.get(path(name, "/events"));
        }

        @Override
        List<String> table(AdminAnswer answer) {
            return EventList.lines(read(answer, MigrationEvent::listOf));
        }
    }

    @Command(name = "delete", description = "DELETE /v1/migrations/{name}: only a complete or rolled-back migration.")
    static final class Delete extends Named {
        @Mixin
        WriteOptions write;

        @Override
        AdminAnswer call(AdminClient client) throws IOException, InterruptedException {
            return write.send(client, "DELETE", path(name, ""), null);
        }

        @Override
        List<String> table(AdminAnswer answer) {
            return List.of("deleted " + Shown.text(name, 64));
        }
    }
}
