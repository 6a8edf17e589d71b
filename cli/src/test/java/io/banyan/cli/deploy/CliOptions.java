package io.banyan.cli.deploy;

import io.banyan.cli.Cli;
import io.banyan.cli.options.ConfigOption;
import io.banyan.cli.options.OptionNames;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the real CLI accepts: its commands, their options' environment variables and defaults. */
final class CliOptions {

    private static final Pattern VARIABLE = Pattern.compile("\\bBANYAN_[A-Z0-9_]+\\b");

    private CliOptions() {
    }

    /** The command at {@code path} ({@code sidecar}, {@code ctl tokens create}); fails naming an unknown one. */
    static CommandSpec command(List<String> path) {
        CommandLine line = Cli.commandLine();
        for (String name : path) {
            CommandLine sub = line.getSubcommands().get(name);
            if (sub == null) {
                throw new AssertionError("banyan " + String.join(" ", path) + ": no command '" + name + "' (expected one of "
                        + line.getSubcommands().keySet() + ")");
            }
            line = sub;
        }
        return line.getCommandSpec();
    }

    /** The {@code BANYAN_*} variables {@code command} reads: one per option, and {@code BANYAN_CONFIG}. */
    static Set<String> variables(CommandSpec command) {
        Set<String> names = new TreeSet<>();
        for (OptionSpec option : command.options()) {
            if (OptionNames.isSourceable(option)) {
                names.add(OptionNames.env(option));
            }
        }
        if (command.findOption(ConfigOption.NAME) != null) {
            names.add(ConfigOption.ENV);
        }
        return names;
    }

    /** Every {@code BANYAN_*} variable any command reads. */
    static Set<String> allVariables() {
        Set<String> names = new TreeSet<>();
        collect(Cli.commandLine(), names);
        return names;
    }

    private static void collect(CommandLine line, Set<String> names) {
        names.addAll(variables(line.getCommandSpec()));
        line.getSubcommands().values().forEach(sub -> collect(sub, names));
    }

    /** The variables the launcher script itself reads ({@code BANYAN_JAVA_OPTS}, ...), found in its text. */
    static Set<String> launcherVariables() {
        Set<String> names = new TreeSet<>();
        Matcher matcher = VARIABLE.matcher(DeployFiles.read(DeployFiles.LAUNCHER));
        while (matcher.find()) {
            names.add(matcher.group());
        }
        return names;
    }

    /** Every {@code BANYAN_*} word in {@code text}. */
    static Set<String> variablesIn(String text) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = VARIABLE.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group());
        }
        return names;
    }

    /** The default of {@code option} of {@code command}, if the option exists. */
    static Optional<String> defaultValue(String command, String option) {
        OptionSpec spec = command(List.of(command)).findOption(option);
        return spec == null ? Optional.empty() : Optional.ofNullable(spec.defaultValue());
    }

    /** The value of {@code option} for a process whose environment is {@code value} (null: unset) else the default. */
    static String valueOr(String value, String command, String option) {
        return value != null ? value : defaultValue(command, option)
                .orElseThrow(() -> new AssertionError("banyan " + command + ": no default for " + option));
    }
}
