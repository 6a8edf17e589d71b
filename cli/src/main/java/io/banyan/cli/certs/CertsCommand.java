package io.banyan.cli.certs;

import io.banyan.cli.options.CommandGroup;

import picocli.CommandLine.Command;

/** {@code banyan certs}: groups init-ca, issue and inspect. */
@Command(name = "certs", description = "Certificate authority tools: init-ca, issue, inspect.",
        subcommands = {InitCaCommand.class, IssueCommand.class, InspectCommand.class})
public final class CertsCommand extends CommandGroup {
}
