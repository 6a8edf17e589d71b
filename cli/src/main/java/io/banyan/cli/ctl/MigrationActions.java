package io.banyan.cli.ctl;

import io.banyan.cli.admin.AdminAnswer;
import io.banyan.cli.admin.AdminClient;
import io.banyan.cli.ctl.migrations.MigrationSummary;
import io.banyan.cli.ctl.migrations.MigrationView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.util.List;

/**
 * {@code ctl migrations advance|pause|resume|rollback|complete NAME}: {@code POST /v1/migrations/{name}/{action}}, an
 * operator's move; the answer is the migration after it ({@code orders-move: shifting, step 4/5, weight 50 %}), an
 * impossible move the server's 409 naming the state and what is allowed.
 */
final class MigrationActions {

    private MigrationActions() {
    }

    /** One action: its path segment is its command name. */
    abstract static class Action extends MigrationsCommand.Named {
        @Mixin
        WriteOptions write;

        @Override
        final AdminAnswer call(AdminClient client) throws IOException, InterruptedException {
            return write.send(client, "POST", MigrationsCommand.path(name, "/" + spec.name()), null);
        }

        @Override
        final List<String> table(AdminAnswer answer) {
            return List.of(MigrationSummary.headline(MigrationsCommand.read(answer, MigrationView::of)));
        }
    }

    @Command(name = "advance", description = "POST /v1/migrations/{name}/advance: the next step (at the last one: complete).")
    static final class Advance extends Action {
    }

    @Command(name = "pause", description = "POST /v1/migrations/{name}/pause: hold the weight; no scheduled advance.")
    static final class Pause extends Action {
    }

    @Command(name = "resume", description = "POST /v1/migrations/{name}/resume: a paused migration goes on at its step; "
            + "a rolled-back one starts again at the first step.")
    static final class Resume extends Action {
    }

    @Command(name = "rollback", description = "POST /v1/migrations/{name}/rollback: weight 0, no shadow, until an "
            + "operator resumes.")
    static final class Rollback extends Action {
    }

    @Command(name = "complete", description = "POST /v1/migrations/{name}/complete: weight 100 now, and a permanent "
            + "route to the new service first in the table.")
    static final class Complete extends Action {
    }
}
