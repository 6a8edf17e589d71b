package io.banyan.cli.ctl;

import picocli.CommandLine.Command;

/**
 * {@code banyan ctl gateways get|set|delete NAME}: {@code /v1/gateways/{name}/routes}, an edge gateway's routes by
 * virtual host (unmatched requests are answered 404 no_route).
 */
@Command(name = "gateways", description = "/v1/gateways/{name}/routes: the routes of an edge gateway (with hosts); "
        + "get, set -f FILE, delete.",
        subcommands = {RouteTableCommand.Get.class, RouteTableCommand.Set.class, RouteTableCommand.Delete.class})
public final class GatewaysCommand extends RouteTableCommand {

    @Override
    RouteTable table() {
        return RouteTable.GATEWAY;
    }
}
