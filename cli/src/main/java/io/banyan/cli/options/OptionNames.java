package io.banyan.cli.options;

import java.util.Locale;

import picocli.CommandLine.Model.OptionSpec;

/** The three spellings of one option: {@code --app-port}, {@code BANYAN_APP_PORT}, YAML key {@code app-port}. */
public final class OptionNames {

    public static final String ENV_PREFIX = "BANYAN_";

    private OptionNames() {
    }

    /** The YAML key and the name used in error messages: the longest name without leading dashes. */
    public static String key(OptionSpec option) {
        return option.longestName().replaceFirst("^-+", "");
    }

    public static String env(OptionSpec option) {
        return ENV_PREFIX + key(option).toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** Options that never come from the environment or the file: help, version, and --config itself. */
    public static boolean isSourceable(OptionSpec option) {
        return !option.usageHelp() && !option.versionHelp() && !ConfigOption.NAME.equals(option.longestName());
    }
}
