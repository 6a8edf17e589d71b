package io.banyan.cli.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.banyan.cli.deploy.KubernetesManifests.Manifest;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The processes the files of {@code deploy/} start, each as the launcher's arguments and the environment it gets:
 * compose services and Kubernetes containers of the banyan image, the systemd units with their example environment
 * files, and {@code examples/<command>.yaml} as the {@code --config} of that command. A process started through a
 * shell ({@code entrypoint}/{@code command} with a script) is a {@link Script}: its command lines are in its text.
 */
final class DeployProcesses {

    private static final Pattern BANYAN_IMAGE = Pattern.compile("(^|/)banyan:");
    private static final String LAUNCHER_PATH = "/opt/banyan/banyan";

    /** A process started directly: the launcher's arguments (the command first) and its environment. */
    record Process(String where, List<String> args, Map<String, String> env) {
    }

    /** A shell script that runs banyan commands, with the environment its commands get. */
    record Script(String where, String text, Map<String, String> env) {
    }

    private final List<Process> processes = new ArrayList<>();
    private final List<Script> scripts = new ArrayList<>();

    private DeployProcesses() {
    }

    static DeployProcesses read() {
        DeployProcesses found = new DeployProcesses();
        found.compose();
        found.kubernetes();
        found.systemd();
        found.examples();
        return found;
    }

    List<Process> processes() {
        return processes;
    }

    List<Script> scripts() {
        return scripts;
    }

    private void compose() {
        for (Path file : DeployFiles.under(DeployFiles.DOCKER, ".yml")) {
            for (JsonNode document : DeployFiles.yamlDocumentsWithAliases(file)) {
                document.path("services").fields().forEachRemaining(service -> {
                    JsonNode spec = service.getValue();
                    if (!BANYAN_IMAGE.matcher(spec.path("image").asText("")).find()) {
                        return;
                    }
                    String where = DeployFiles.name(file) + " service " + service.getKey();
                    Map<String, String> env = composeEnvironment(spec.path("environment"));
                    if (spec.has("entrypoint")) {
                        scripts.add(new Script(where, String.join("\n", strings(spec.path("command"))).replace("$$", "$"),
                                env));
                    } else {
                        processes.add(new Process(where, strings(spec.path("command")), env));
                    }
                });
            }
        }
    }

    private static Map<String, String> composeEnvironment(JsonNode environment) {
        Map<String, String> env = new LinkedHashMap<>();
        if (environment.isObject()) {
            environment.fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        } else {
            environment.forEach(entry -> {
                String[] pair = entry.asText().split("=", 2);
                env.put(pair[0], pair.length > 1 ? pair[1] : "");
            });
        }
        return env;
    }

    private static List<String> strings(JsonNode node) {
        if (node.isTextual()) {
            return List.of(node.asText().trim().split("\\s+"));
        }
        List<String> strings = new ArrayList<>();
        node.forEach(item -> strings.add(item.asText()));
        return strings;
    }

    private void kubernetes() {
        for (Manifest manifest : KubernetesManifests.all()) {
            manifest.podTemplate().ifPresent(template -> Stream.concat(
                            template.getSpec().getInitContainers().stream(), template.getSpec().getContainers().stream())
                    .filter(container -> container.getImage() != null
                            && BANYAN_IMAGE.matcher(container.getImage()).find())
                    .forEach(container -> {
                        String where = manifest.describe() + " container " + container.getName();
                        Map<String, String> env = kubernetesEnvironment(container);
                        if (container.getCommand() == null || container.getCommand().isEmpty()) {
                            processes.add(new Process(where, container.getArgs(), env));
                        } else {
                            scripts.add(new Script(where, String.join("\n", container.getArgs()), env));
                        }
                    }));
        }
    }

    /** A container's env, values from the API (a Secret, the pod's IP) given sample values of their kind. */
    private static Map<String, String> kubernetesEnvironment(Container container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar var : container.getEnv()) {
            EnvVarSource from = var.getValueFrom();
            String value = var.getValue();
            if (from != null && from.getSecretKeyRef() != null) {
                value = "secret-" + from.getSecretKeyRef().getName() + "-" + from.getSecretKeyRef().getKey();
            } else if (from != null && from.getFieldRef() != null) {
                value = from.getFieldRef().getFieldPath().equals("status.podIP") ? "10.1.2.3" : "pod-0";
            } else if (from != null) {
                value = CommandLinesInText.PLACEHOLDER;
            }
            env.put(var.getName(), value);
        }
        return env;
    }

    /**
     * Each unit's {@code ExecStart} after the launcher, its {@code Environment=} lines, and its
     * {@code EnvironmentFile=} taken from deploy/systemd (for a template {@code x@.service}, once per example file
     * that fits {@code %i}); the specifiers {@code %i %S %d} replaced as systemd would.
     */
    private void systemd() {
        for (Path unit : DeployFiles.under(DeployFiles.SYSTEMD, ".service")) {
            List<String> lines = DeployFiles.read(unit).lines().map(String::strip)
                    .filter(line -> !line.startsWith("#") && line.contains("=")).toList();
            String envFile = value(lines, "EnvironmentFile").map(f -> Path.of(f).getFileName().toString())
                    .findFirst().orElseThrow(() -> new AssertionError(unit + ": no EnvironmentFile="));
            List<String> instances = new ArrayList<>();
            if (envFile.contains("%i")) {
                Pattern example = Pattern.compile(Pattern.quote(envFile).replace("%i", "\\E(.+)\\Q"));
                for (Path candidate : DeployFiles.under(DeployFiles.SYSTEMD, ".env")) {
                    var matcher = example.matcher(candidate.getFileName().toString());
                    if (matcher.matches()) {
                        instances.add(matcher.group(1));
                    }
                }
                if (instances.isEmpty()) {
                    throw new AssertionError(DeployFiles.name(unit) + ": no example for " + envFile + " in deploy/systemd");
                }
            } else {
                instances.add("");
            }
            for (String instance : instances) {
                Map<String, String> env = new LinkedHashMap<>();
                value(lines, "Environment").forEach(assignment -> {
                    String[] pair = specifiers(assignment, instance).split("=", 2);
                    env.put(pair[0], pair[1]);
                });
                Path example = DeployFiles.SYSTEMD.resolve(envFile.replace("%i", instance));
                DeployFiles.read(example).lines().map(String::strip)
                        .filter(line -> !line.isEmpty() && !line.startsWith("#")).forEach(line -> {
                            String[] pair = line.split("=", 2);
                            env.put(pair[0], pair[1]);
                        });
                String exec = value(lines, "ExecStart").findFirst().orElseThrow();
                if (!exec.startsWith(LAUNCHER_PATH + " ")) {
                    throw new AssertionError(DeployFiles.name(unit) + ": ExecStart=" + exec + " (expected: "
                            + LAUNCHER_PATH + " COMMAND ...)");
                }
                processes.add(new Process(DeployFiles.name(unit) + (instance.isEmpty() ? "" : " instance " + instance),
                        CommandLinesInText.words(specifiers(exec.substring(LAUNCHER_PATH.length() + 1), instance)),
                        env));
            }
        }
    }

    private static Stream<String> value(List<String> lines, String key) {
        return lines.stream().filter(line -> line.startsWith(key + "=")).map(line -> line.substring(key.length() + 1));
    }

    private static String specifiers(String text, String instance) {
        return text.replace("%i", instance).replace("%S", "/var/lib").replace("%d", "/run/credentials/unit");
    }

    private void examples() {
        for (Path example : DeployFiles.under(DeployFiles.EXAMPLES, ".yaml")) {
            String command = example.getFileName().toString().replaceFirst("\\.yaml$", "");
            processes.add(new Process(DeployFiles.name(example), List.of(command, "--config", example.toString()),
                    Map.of()));
        }
    }

    /** {@code LAUNCHER_PATH} must be where the Dockerfile installs the launcher; the Dockerfile test checks it. */
    static String launcherPath() {
        return LAUNCHER_PATH;
    }

    /** Whether {@code path} is a file of the repository (an example given to --config), not one made at run time. */
    static boolean inRepository(String path) {
        return Files.exists(Path.of(path)) && Path.of(path).toAbsolutePath().startsWith(DeployFiles.REPOSITORY);
    }
}
