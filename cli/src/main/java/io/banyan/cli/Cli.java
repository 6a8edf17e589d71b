package io.banyan.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.banyan.cli.certs.CertsCommand;
import io.banyan.cli.controlplane.ControlPlaneCommand;
import io.banyan.cli.ctl.CtlCommand;
import io.banyan.cli.demo.DemoCommand;
import io.banyan.cli.demo.strangler.StranglerCommand;
import io.banyan.cli.gateway.GatewayCommand;
import io.banyan.cli.options.ConfigException;
import io.banyan.cli.options.ConfigFile;
import io.banyan.cli.options.ErrorReporter;
import io.banyan.cli.options.OptionSources;
import io.banyan.cli.ready.WaitReadyCommand;
import io.banyan.cli.sidecar.SidecarCommand;
import picocli.CommandLine;

/**
 * The command tree with its option sources: flags, then {@code BANYAN_*} from {@code env}, then the
 * {@code --config} file. The environment is injected so tests never touch the real one.
 */
public final class Cli {

    private final Map<String, String> env;
    private final PrintWriter out;
    private final PrintWriter err;

    public Cli(Map<String, String> env, PrintWriter out, PrintWriter err) {
        this.env = Map.copyOf(env);
        this.out = out;
        this.err = err;
    }

    /** The command tree without option sources (for help and for tests that parse only flags). */
    public static CommandLine commandLine() {
        CommandLine root = new CommandLine(new BanyanCommand());
        root.addSubcommand(new ControlPlaneCommand());
        root.addSubcommand(new SidecarCommand());
        root.addSubcommand(new GatewayCommand());
        root.addSubcommand(new CertsCommand());
        root.addSubcommand(new CtlCommand());
        root.addSubcommand(new WaitReadyCommand());
        root.addSubcommand(new DemoCommand());
        root.getSubcommands().get("demo").addSubcommand(new StranglerCommand());
        return root;
    }

    /** Parses and runs {@code args}; returns the exit code (0 ok, 1 failure, 2 bad options or config). */
    public int run(String... args) {
        CommandLine root = commandLine();
        ErrorReporter reporter = new ErrorReporter();
        root.setOut(out);
        root.setErr(err);
        root.setParameterExceptionHandler(reporter);
        root.setExecutionExceptionHandler(reporter);
        ConfigFile file;
        try {
            file = ConfigFile.locate(Arrays.asList(args), env).map(ConfigFile::load).orElse(ConfigFile.empty());
        } catch (ConfigException e) {
            err.println(root.getCommandName() + ": " + e.getMessage());
            err.flush();
            return ErrorReporter.USAGE;
        }
        root.setDefaultValueProvider(new OptionSources(env, file));
        root.setExecutionStrategy(parseResult -> {
            List<CommandLine> parsed = parseResult.asCommandLineList();
            CommandLine leaf = parsed.get(parsed.size() - 1);
            if (!file.isEmpty() && !leaf.isUsageHelpRequested()) {
                try {
                    file.checkKeys(leaf.getCommandSpec());
                } catch (ConfigException e) {
                    leaf.getErr().println(leaf.getCommandSpec().qualifiedName() + ": " + e.getMessage());
                    leaf.getErr().flush();
                    return ErrorReporter.USAGE;
                }
            }
            return new CommandLine.RunLast().execute(parseResult);
        });
        return root.execute(args);
    }
}
