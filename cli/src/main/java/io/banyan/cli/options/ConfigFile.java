package io.banyan.cli.options;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.banyan.primitives.json.JsonMappers;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A YAML options file ({@code --config}): a flat mapping of long option names (without dashes) to
 * scalars, or to lists of scalars for repeatable options. Read once, at the edge, into strings that
 * picocli converts like flag values.
 */
public final class ConfigFile {

    private static final ConfigFile EMPTY = new ConfigFile(null, Map.of(), Set.of());

    private final Path path;
    private final Map<String, String> values;
    private final Set<String> lists;

    private ConfigFile(Path path, Map<String, String> values, Set<String> lists) {
        this.path = path;
        this.values = Map.copyOf(values);
        this.lists = Set.copyOf(lists);
    }

    public static ConfigFile empty() {
        return EMPTY;
    }

    /** Reads the file; any problem is a {@link ConfigException} naming the file and the field. */
    public static ConfigFile load(Path path) {
        String text;
        try {
            text = Files.readString(path);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config: " + path + " not found (expected: a readable YAML file)");
        } catch (IOException e) {
            throw new ConfigException("config: " + path + " unreadable (" + e.getMessage() + ")");
        }
        JsonNode root;
        try {
            root = JsonMappers.lenient(new YAMLFactory()).readTree(text);
        } catch (JacksonException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new ConfigException("config: " + path + " is not valid YAML" + where + " (expected: key: value lines)");
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return new ConfigFile(path, Map.of(), Set.of());
        }
        if (!root.isObject()) {
            throw new ConfigException("config: " + path + " (expected: a mapping of option names to values)");
        }
        Map<String, String> values = new LinkedHashMap<>();
        Set<String> lists = new TreeSet<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (value.isArray()) {
                StringBuilder joined = new StringBuilder();
                for (JsonNode item : value) {
                    if (!item.isValueNode() || item.isNull()) {
                        throw new ConfigException(key + ": " + item + " (expected: a list of plain values)");
                    }
                    joined.append(joined.length() == 0 ? "" : ",").append(item.asText());
                }
                values.put(key, joined.toString());
                lists.add(key);
            } else if (value.isValueNode() && !value.isNull()) {
                values.put(key, value.asText());
            } else {
                throw new ConfigException(key + ": " + (value.isNull() ? "null" : value.toString())
                        + " (expected: a plain value, or a list for repeatable options)");
            }
        }
        return new ConfigFile(path, values, lists);
    }

    public Optional<String> value(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** Every key must name an option of {@code command}; lists only for repeatable options. */
    public void checkKeys(CommandSpec command) {
        Map<String, OptionSpec> known = new LinkedHashMap<>();
        for (OptionSpec option : command.options()) {
            if (OptionNames.isSourceable(option)) {
                known.put(OptionNames.key(option), option);
            }
        }
        for (String key : values.keySet()) {
            OptionSpec option = known.get(key);
            if (option == null) {
                throw new ConfigException(key + ": unknown key in " + path + " (expected one of: "
                        + String.join(", ", new TreeSet<>(known.keySet())) + ")");
            }
            if (lists.contains(key) && !option.isMultiValue()) {
                throw new ConfigException(key + ": a list in " + path + " (expected: a single value)");
            }
        }
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** The {@code --config} value in raw arguments ({@code --config F} or {@code --config=F}), else BANYAN_CONFIG. */
    public static Optional<Path> locate(List<String> args, Map<String, String> env) {
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if ("--".equals(arg)) {
                break;
            }
            if (ConfigOption.NAME.equals(arg) && i + 1 < args.size()) {
                return Optional.of(Path.of(args.get(i + 1)));
            }
            if (arg.startsWith(ConfigOption.NAME + "=")) {
                return Optional.of(Path.of(arg.substring(ConfigOption.NAME.length() + 1)));
            }
        }
        String fromEnv = env.get(ConfigOption.ENV);
        return fromEnv == null || fromEnv.isBlank() ? Optional.empty() : Optional.of(Path.of(fromEnv));
    }
}
