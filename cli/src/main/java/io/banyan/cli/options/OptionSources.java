package io.banyan.cli.options;

import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.Map;
import java.util.Optional;

/**
 * Supplies an option's value when its flag is absent: first {@code BANYAN_<NAME>} from the
 * environment, then the {@code --config} YAML file (only for commands that take {@code --config}),
 * else picocli falls back to the annotated default. Flags win because picocli applies them after.
 */
public final class OptionSources implements IDefaultValueProvider {

    private final Map<String, String> env;
    private final ConfigFile file;

    public OptionSources(Map<String, String> env, ConfigFile file) {
        this.env = Map.copyOf(env);
        this.file = file;
    }

    /** A variable of the injected environment ({@code ctl apply}'s {@code fromEnv} secrets). */
    public Optional<String> environment(String name) {
        return Optional.ofNullable(env.get(name));
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option) || !OptionNames.isSourceable(option)) {
            return null;
        }
        String fromEnv = env.get(OptionNames.env(option));
        if (fromEnv != null) {
            return fromEnv;
        }
        if (option.command() == null || option.command().findOption(ConfigOption.NAME) == null) {
            return null;
        }
        return file.value(OptionNames.key(option)).orElse(null);
    }
}
