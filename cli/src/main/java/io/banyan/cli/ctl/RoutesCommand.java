package io.banyan.cli.ctl;

import io.banyan.cli.options.CommandGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code banyan ctl routes get|set|delete SERVICE}: the ordered routes of traffic addressed to a service. */
@Command(name = "routes", description = "The routes of traffic addressed to a service: get, set -f FILE, delete.",
        subcommands = {RoutesCommand.Get.class, RoutesCommand.Set.class, RoutesCommand.Delete.class})
public final class RoutesCommand extends CommandGroup {

    @Command(name = "get", description = "GET /v1/services/{service}/routes")
    static final class Get extends RouteTableCalls.Get {
        @Parameters(paramLabel = "SERVICE", description = "Service name.")
        String service;

        @Override
        RouteTable table() {
            return RouteTable.SERVICE;
        }

        @Override
        String name() {
            return service;
        }
    }

    @Command(name = "set", sortOptions = false, description = "PUT /v1/services/{service}/routes with the file's routes")
    static final class Set extends RouteTableCalls.Set {
        @Parameters(paramLabel = "SERVICE", description = "Service name.")
        String service;

        @Override
        RouteTable table() {
            return RouteTable.SERVICE;
        }

        @Override
        String name() {
            return service;
        }
    }

    @Command(name = "delete", description = "DELETE /v1/services/{service}/routes (its traffic goes to the service itself)")
    static final class Delete extends RouteTableCalls.Delete {
        @Parameters(paramLabel = "SERVICE", description = "Service name.")
        String service;

        @Override
        RouteTable table() {
            return RouteTable.SERVICE;
        }

        @Override
        String name() {
            return service;
        }
    }
}
