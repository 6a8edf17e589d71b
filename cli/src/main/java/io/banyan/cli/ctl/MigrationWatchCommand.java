package io.banyan.cli.ctl;

import io.banyan.cli.admin.AdminAnswer;
import io.banyan.cli.admin.AdminClient;
import io.banyan.cli.ctl.migrations.MigrationView;
import io.banyan.cli.ctl.migrations.MigrationWatch;
import io.banyan.cli.ctl.migrations.Shown;
import io.banyan.cli.ctl.migrations.WatchScreen;
import io.banyan.cli.options.CommandFailure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.time.Duration;

/**
 * {@code ctl migrations watch NAME}: a live view of {@code GET /v1/migrations/{name}}, redrawn in place on a terminal
 * (one frame after the other elsewhere); exits 0 when the migration completes, 1 when it is rolled back (so a script
 * can wait on it), 0 after {@code --count} refreshes.
 */
@Command(name = "watch", sortOptions = false, description = "A live view of a migration: state, weight and step, both "
        + "sides' requests, error rate, p50 and p99, the shadow's comparisons and latest differences. Ends with exit 0 "
        + "when it is complete, 1 when it is rolled back, 0 after --count refreshes.")
final class MigrationWatchCommand extends AdminCommand {

    @Parameters(paramLabel = "NAME", description = "The migration.")
    String name;
    @Mixin
    WatchOptions watching;

    @Override
    public Integer call() throws Exception {
        Duration interval = watching.interval();
        AdminClient client = admin.client();
        String path = MigrationsCommand.path(name, "");
        WatchScreen screen = new WatchScreen(spec.commandLine().getOut(), System.console() != null);
        MigrationWatch watch = new MigrationWatch(() -> fetch(client, path), screen, pause -> Thread.sleep(pause.toMillis()),
                interval, watching.count());
        MigrationWatch.Outcome outcome;
        try {
            outcome = watch.run();
        } catch (IOException e) {
            throw new CommandFailure(e.getMessage(), ExitCodes.UNAVAILABLE);
        }
        if (outcome.end() == MigrationWatch.End.ROLLED_BACK) {
            throw new CommandFailure(Shown.text(outcome.last().name(), 64) + " was rolled back: "
                    + Shown.text(outcome.last().reason()), outcome.end().exitCode());
        }
        return outcome.end().exitCode();
    }

    /**
     * One view. The admin API unreachable or answering 5xx is an {@link IOException} (the watch retries it once it
     * has shown a view); any other error answer (404: no such migration) ends the command.
     */
    private static MigrationView fetch(AdminClient client, String path) throws IOException, InterruptedException {
        AdminAnswer answer;
        try {
            answer = client.get(path);
        } catch (IOException e) {
            throw new IOException(AdminCall.failure(client, e), e);
        }
        if (answer.status() >= 500) {
            throw new IOException(answer.problem());
        }
        if (!answer.ok()) {
            throw new CommandFailure(answer.problem(), ExitCodes.of(answer.status()));
        }
        return MigrationsCommand.read(answer, MigrationView::of);
    }
}
