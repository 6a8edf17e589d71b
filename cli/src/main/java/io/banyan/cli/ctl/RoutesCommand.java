package io.banyan.cli.ctl;

import picocli.CommandLine.Command;

/**
 * {@code banyan ctl routes get|set|delete SERVICE}: {@code /v1/services/{service}/routes}, the ordered routes of
 * traffic addressed to a service (unmatched traffic goes to the service itself).
 */
@Command(name = "routes", description = "/v1/services/{service}/routes: the routes of traffic addressed to a service; "
        + "get, set -f FILE, delete.",
        subcommands = {ObjectCommand.Get.class, ObjectCommand.Set.class, ObjectCommand.Delete.class})
public final class RoutesCommand extends ObjectCommand {

    @Override
    String path(String name) {
        return RouteTable.SERVICE.path(name);
    }

    @Override
    BodyFile body() {
        return BodyFile.ROUTES;
    }
}
