package io.banyan.cli;

import java.util.concurrent.Callable;

import io.banyan.cli.options.ErrorReporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The root {@code banyan} command: only help, version and the subcommands. */
@Command(name = "banyan", mixinStandardHelpOptions = true, versionProvider = BanyanCommand.Version.class,
        description = "Banyan service mesh: control plane, sidecar, certificates, admin client and a demo.",
        footer = {"", "Every option may also come from BANYAN_<NAME> (--app-port <-> BANYAN_APP_PORT) or a YAML file "
                + "given with --config; flags win over env, env over file.",
            "Exit codes: 0 ok, 1 failure, 2 bad options or configuration."})
public final class BanyanCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ErrorReporter.USAGE;
    }

    /** The version from the jar manifest, {@code dev} when run from classes. */
    public static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = BanyanCommand.class.getPackage().getImplementationVersion();
            return new String[] {"banyan " + (version == null ? "dev" : version),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
