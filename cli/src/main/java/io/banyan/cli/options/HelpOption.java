package io.banyan.cli.options;

import picocli.CommandLine.Option;

/** {@code -h, --help} for subcommands (which may use {@code --version} for something else). */
public final class HelpOption {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;
}
