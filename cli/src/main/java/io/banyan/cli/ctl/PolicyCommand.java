package io.banyan.cli.ctl;

import picocli.CommandLine.Command;

/** {@code banyan ctl policy get|set|delete SERVICE}: {@code /v1/services/{service}/policy}, a service's traffic policy. */
@Command(name = "policy", description = "/v1/services/{service}/policy: a service's traffic policy (timeouts, retries, "
        + "load balancing, ...); get, set -f FILE, delete (back to the default).",
        subcommands = {ObjectCommand.Get.class, ObjectCommand.Set.class, ObjectCommand.Delete.class})
public final class PolicyCommand extends ObjectCommand {

    @Override
    String path(String name) {
        return "/v1/services/" + AdminCall.segment(name) + "/policy";
    }

    @Override
    BodyFile body() {
        return BodyFile.POLICY;
    }
}
