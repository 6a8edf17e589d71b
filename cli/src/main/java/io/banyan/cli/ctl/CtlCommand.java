package io.banyan.cli.ctl;

import io.banyan.cli.options.CommandGroup;
import picocli.CommandLine.Command;

/** {@code banyan ctl}: the operator's admin-API client. */
@Command(name = "ctl", description = "Admin API client for every admin route, and apply/diff of declarative files. "
        + "Prints a table (-o json|yaml: the answer as it came); exit 0 ok, 1 refused, 2 usage, 3 not found, "
        + "4 conflict or stale ETag, 5 admin API unreachable or failing (docs/cli.md).",
        subcommands = {ServicesCommand.class, InstancesCommand.class, TokensCommand.class, PolicyCommand.class,
                AuthorizationCommand.class, RoutesCommand.class, GatewaysCommand.class, MigrationsCommand.class,
                RolloutsCommand.class, ConfigCommand.class, SidecarsCommand.class, InvalidResourcesCommand.class, RevisionsCommand.class,
                TrustBundleCommand.class, ApplyCommand.class, DiffCommand.class, WhyCommand.class})
public final class CtlCommand extends CommandGroup {
}
