package io.banyan.cli.ctl;

import io.banyan.cli.options.CommandGroup;

import picocli.CommandLine.Command;

/** {@code banyan ctl}: the operator's admin-API client. */
@Command(name = "ctl", description = "Admin API client: services, instances, tokens, routes, gateways, migrations. Prints the JSON "
        + "answers (migrations: a summary, or -o json); exits 1 with the problem's detail on an error response.",
        subcommands = {ServicesCommand.class, InstancesCommand.class, TokensCommand.class,
                RoutesCommand.class, GatewaysCommand.class, MigrationsCommand.class, ConfigCommand.class})
public final class CtlCommand extends CommandGroup {
}
