package io.banyan.cli.certs;

import java.util.concurrent.Callable;

import io.banyan.cli.options.ErrorReporter;
import io.banyan.cli.options.HelpOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code banyan certs}: groups init-ca, issue and inspect. */
@Command(name = "certs", description = "Certificate authority tools: init-ca, issue, inspect.",
        subcommands = {InitCaCommand.class, IssueCommand.class, InspectCommand.class})
public final class CertsCommand implements Callable<Integer> {

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
