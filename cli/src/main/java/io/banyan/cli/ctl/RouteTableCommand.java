package io.banyan.cli.ctl;

import io.banyan.cli.admin.AdminAnswer;
import io.banyan.cli.admin.AdminClient;
import io.banyan.cli.options.CommandGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

import java.io.IOException;

/**
 * A group of get, set and delete commands of one kind of route table ({@code ctl routes}, {@code ctl gateways}):
 * the subcommands are shared and ask their group which table they address.
 */
abstract class RouteTableCommand extends CommandGroup {

    abstract RouteTable table();

    /** The subcommands' common part: the table's group and the name of the service or gateway. */
    abstract static class Call extends AdminCall {
        @ParentCommand
        RouteTableCommand group;
        @Parameters(paramLabel = "NAME", description = "The service (ctl routes) or gateway (ctl gateways).")
        String name;

        String path(boolean dryRun) {
            return group.table().path(name, dryRun);
        }
    }

    @Command(name = "get", description = "GET the stored routes.")
    static final class Get extends Call {
        @Override
        AdminAnswer call(AdminClient client) throws IOException, InterruptedException {
            return client.get(path(false));
        }
    }

    @Command(name = "set", sortOptions = false,
            description = "PUT the routes of a YAML or JSON file, replacing the stored ones (or only validate with --dry-run).")
    static final class Set extends Call {
        @Option(names = {"-f", "--file"}, paramLabel = "FILE", required = true,
                description = "Required. The routes, YAML (.yaml, .yml) or JSON (.json); - reads stdin.")
        String file;
        @Option(names = "--dry-run", description = "Validate and show what would be published, without storing it.")
        boolean dryRun;

        @Override
        AdminAnswer call(AdminClient client) throws IOException, InterruptedException {
            return client.put(path(dryRun), BodyFile.ROUTES.read(file, System.in));
        }
    }

    @Command(name = "delete", description = "DELETE the routes (or only show what would be published without them).")
    static final class Delete extends Call {
        @Option(names = "--dry-run", description = "Show what would be published without the routes, deleting nothing.")
        boolean dryRun;

        @Override
        AdminAnswer call(AdminClient client) throws IOException, InterruptedException {
            return client.delete(path(dryRun));
        }
    }
}
