package io.banyan.cli.ctl;

import io.banyan.cli.admin.AdminAnswer;
import io.banyan.cli.admin.AdminClient;
import io.banyan.cli.options.CommandFailure;
import io.banyan.cli.options.CommandGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

/**
 * {@code banyan ctl rollouts ...}: {@code /v1/rollouts}, the staged rollouts of configuration writes (in flight and
 * the last finished), and a watch that waits for one to finish.
 */
@Command(name = "rollouts", description = "/v1/rollouts: staged rollouts of configuration writes; list, get ID, "
        + "watch ID.", subcommands = {RolloutsCommand.ListAll.class, RolloutsCommand.Get.class,
        RolloutsCommand.Watch.class})
public final class RolloutsCommand extends CommandGroup {

    static final String PATH = "/v1/rollouts";

    static String path(String id) {
        return PATH + "/" + AdminCall.segment(id);
    }

    @Command(name = "list", description = "GET /v1/rollouts: those in flight, then the last 50 finished, one row each.")
    static final class ListAll extends AdminCall {
        @Override
        AdminAnswer call(AdminClient client) throws IOException, InterruptedException {
            return client.get(PATH);
        }

        @Override
        List<String> table(AdminAnswer answer) {
            return RolloutLines.table(answer.json());
        }
    }

    @Command(name = "get", description = "GET /v1/rollouts/{id}: its state, canary nodes, both sides' requests and "
            + "errors, and why it was reverted.")
    static final class Get extends AdminCall {
        @Parameters(paramLabel = "ID", description = "The rollout (ro-<revision>).")
        String id;

        @Override
        AdminAnswer call(AdminClient client) throws IOException, InterruptedException {
            return client.get(path(id));
        }

        @Override
        List<String> table(AdminAnswer answer) {
            return RolloutLines.one(answer.json());
        }
    }

    /** Polls one rollout until it finishes: exit 0 promoted, 1 reverted (a script can wait on it). */
    @Command(name = "watch", sortOptions = false, description = "Shows a rollout every --interval until it finishes: "
            + "exit 0 when promoted, 1 when reverted, 0 after --count refreshes.")
    static final class Watch extends AdminCommand {
        @Parameters(paramLabel = "ID", description = "The rollout (ro-<revision>).")
        String id;
        @Mixin
        WatchOptions watching;

        @Override
        public Integer call() throws Exception {
            Duration interval = watching.interval();
            AdminClient client = admin.client();
            PrintWriter out = spec.commandLine().getOut();
            for (int shown = 1; ; shown++) {
                AdminAnswer answer = AdminCall.exchange(client, c -> c.get(path(id)));
                if (!answer.ok()) {
                    throw new CommandFailure(answer.problem(), ExitCodes.of(answer.status()));
                }
                List<String> lines = RolloutLines.one(answer.json());
                lines.forEach(out::println);
                out.flush();
                String state = answer.json().path("state").asText();
                if (state.equals("reverted")) {
                    throw new CommandFailure(lines.get(0) + ": " + answer.json().path("reason").asText(""),
                            ExitCodes.REFUSED);
                }
                if (state.equals("promoted") || shown == watching.count()) {
                    return 0;
                }
                Thread.sleep(interval.toMillis());
            }
        }
    }
}
