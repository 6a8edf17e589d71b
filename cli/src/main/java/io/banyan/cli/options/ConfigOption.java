package io.banyan.cli.options;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/** The {@code --config FILE} mixin of every command that takes options from a YAML file. */
public final class ConfigOption {

    public static final String NAME = "--config";
    public static final String ENV = "BANYAN_CONFIG";

    @Option(names = NAME, paramLabel = "FILE",
            description = "YAML file of options (keys are the long option names without dashes); "
                    + "flags win over BANYAN_* environment variables, which win over the file. Env: " + ENV + ".")
    Path file;

    public Path file() {
        return file;
    }
}
