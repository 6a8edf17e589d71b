package io.banyan.cli.ctl;

import io.banyan.cli.admin.AdminAnswer;
import io.banyan.cli.admin.AdminClient;
import io.banyan.cli.options.CommandGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;

/**
 * A group of get, set and delete commands of one kind of configuration object addressed by a name ({@code ctl routes},
 * {@code ctl gateways}, {@code ctl policy}, {@code ctl authorization}): the subcommands are shared and ask their group
 * for the object's path and what its file holds.
 */
abstract class ObjectCommand extends CommandGroup {

    /** The object's path, e.g. {@code /v1/services/orders/policy}. */
    abstract String path(String name);

    /** What {@code set -f FILE} reads. */
    abstract BodyFile body();

    /** The subcommands' common part: the group and the name of the service or gateway. */
    abstract static class Call extends AdminCall {
        @ParentCommand
        ObjectCommand group;
        @Parameters(paramLabel = "NAME", description = "The service (or the gateway, for ctl gateways).")
        String name;

        String path() {
            return group.path(name);
        }
    }

    @Command(name = "get", description = "GET the object (its ETag on stderr).")
    static final class Get extends Call {
        @Override
        AdminAnswer call(AdminClient client) throws IOException, InterruptedException {
            return client.get(path());
        }
    }

    @Command(name = "set", sortOptions = false,
            description = "PUT the object of a YAML or JSON file, replacing the stored one (or only show what would "
                    + "change with --dry-run).")
    static final class Set extends Call {
        @Option(names = {"-f", "--file"}, paramLabel = "FILE", required = true,
                description = "Required. The request body, YAML (.yaml, .yml) or JSON (.json); - reads stdin.")
        String file;
        @Mixin
        WriteOptions write;

        @Override
        AdminAnswer call(AdminClient client) throws IOException, InterruptedException {
            return write.send(client, "PUT", path(), group.body().read(file, System.in));
        }
    }

    @Command(name = "delete", description = "DELETE the object (or only show what would change with --dry-run).")
    static final class Delete extends Call {
        @Mixin
        WriteOptions write;

        @Override
        AdminAnswer call(AdminClient client) throws IOException, InterruptedException {
            return write.send(client, "DELETE", path(), null);
        }
    }
}
