package io.banyan.cli.ctl;

import java.util.concurrent.Callable;

import io.banyan.cli.options.ErrorReporter;
import io.banyan.cli.options.HelpOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code banyan ctl}: the operator's admin-API client. */
@Command(name = "ctl", description = "Admin API client: services, instances, tokens. Prints the JSON answers; "
        + "exits 1 with the problem's detail on an error response.",
        subcommands = {ServicesCommand.class, InstancesCommand.class, TokensCommand.class})
public final class CtlCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;
    @Mixin
    HelpOption help;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ErrorReporter.USAGE;
    }
}
