package io.banyan.cli.ctl;

import io.banyan.cli.admin.AdminAnswer;
import io.banyan.cli.admin.AdminClient;
import picocli.CommandLine.Option;

import java.io.IOException;

/** The get, set and delete calls of one route table, shared by {@code ctl routes} and {@code ctl gateways}. */
final class RouteTableCalls {

    private RouteTableCalls() {
    }

    /** {@code GET} the stored routes. */
    abstract static class Get extends AdminCall {
        abstract RouteTable table();

        abstract String name();

        @Override
        AdminAnswer call(AdminClient client) throws IOException, InterruptedException {
            return client.get(table().path(name(), false));
        }
    }

    /** {@code PUT} the routes of a YAML or JSON file, or only validate them with {@code --dry-run}. */
    abstract static class Set extends AdminCall {
        @Option(names = {"-f", "--file"}, paramLabel = "FILE", required = true,
                description = "Required. The routes, YAML (.yaml, .yml) or JSON (.json); - reads stdin.")
        String file;
        @Option(names = "--dry-run", description = "Validate and show what would be published, without storing it.")
        boolean dryRun;

        abstract RouteTable table();

        abstract String name();

        @Override
        AdminAnswer call(AdminClient client) throws IOException, InterruptedException {
            return client.put(table().path(name(), dryRun), RouteFile.read(file, System.in));
        }
    }

    /** {@code DELETE} the routes, or only show what would be published without them with {@code --dry-run}. */
    abstract static class Delete extends AdminCall {
        @Option(names = "--dry-run", description = "Show what would be published without the routes, deleting nothing.")
        boolean dryRun;

        abstract RouteTable table();

        abstract String name();

        @Override
        AdminAnswer call(AdminClient client) throws IOException, InterruptedException {
            return client.delete(table().path(name(), dryRun));
        }
    }
}
