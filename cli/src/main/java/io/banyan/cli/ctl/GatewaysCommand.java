package io.banyan.cli.ctl;

import io.banyan.cli.options.CommandGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code banyan ctl gateways get|set|delete NAME}: the routes of an edge gateway, by virtual host. */
@Command(name = "gateways", description = "The routes of an edge gateway (with hosts): get, set -f FILE, delete.",
        subcommands = {GatewaysCommand.Get.class, GatewaysCommand.Set.class, GatewaysCommand.Delete.class})
public final class GatewaysCommand extends CommandGroup {

    @Command(name = "get", description = "GET /v1/gateways/{name}/routes")
    static final class Get extends RouteTableCalls.Get {
        @Parameters(paramLabel = "NAME", description = "Gateway name.")
        String gateway;

        @Override
        RouteTable table() {
            return RouteTable.GATEWAY;
        }

        @Override
        String name() {
            return gateway;
        }
    }

    @Command(name = "set", sortOptions = false, description = "PUT /v1/gateways/{name}/routes with the file's routes")
    static final class Set extends RouteTableCalls.Set {
        @Parameters(paramLabel = "NAME", description = "Gateway name.")
        String gateway;

        @Override
        RouteTable table() {
            return RouteTable.GATEWAY;
        }

        @Override
        String name() {
            return gateway;
        }
    }

    @Command(name = "delete", description = "DELETE /v1/gateways/{name}/routes (the gateway then answers 404 no_route)")
    static final class Delete extends RouteTableCalls.Delete {
        @Parameters(paramLabel = "NAME", description = "Gateway name.")
        String gateway;

        @Override
        RouteTable table() {
            return RouteTable.GATEWAY;
        }

        @Override
        String name() {
            return gateway;
        }
    }
}
