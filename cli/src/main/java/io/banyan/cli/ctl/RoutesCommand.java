package io.banyan.cli.ctl;

import picocli.CommandLine.Command;

/**
 * {@code banyan ctl routes get|set|delete SERVICE}: {@code /v1/services/{service}/routes}, the ordered routes of
 * traffic addressed to a service (unmatched traffic goes to the service itself).
 */
@Command(name = "routes", description = "/v1/services/{service}/routes: the routes of traffic addressed to a service; "
        + "get, set -f FILE, delete.",
        subcommands = {RouteTableCommand.Get.class, RouteTableCommand.Set.class, RouteTableCommand.Delete.class})
public final class RoutesCommand extends RouteTableCommand {

    @Override
    RouteTable table() {
        return RouteTable.SERVICE;
    }
}
