package io.banyan.cli.deploy;

import io.banyan.cli.Cli;
import io.banyan.cli.deploy.CommandLinesInText.CommandLine;
import io.banyan.cli.deploy.DeployProcesses.Process;
import io.banyan.cli.deploy.DeployProcesses.Script;
import io.banyan.cli.options.ConfigFile;
import io.banyan.cli.options.OptionSources;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code banyan} command line, flag and {@code BANYAN_*} variable used anywhere in {@code deploy/} is one the
 * real CLI accepts: the lines parse, the variables are options' (or the launcher's), and every process the deploy
 * files start passes {@code banyan <command> --check} with its own arguments and environment. Extraction is by
 * pattern, so a new flag, variable, service or unit in deploy/ is checked without touching this test.
 */
class DeployCommandLinesTest {

    /** Variables that name files made at run time (by an init step, the operator or systemd): sample files here. */
    private static final Set<String> FILE_VARIABLES = Set.of("BANYAN_CONFIG", "BANYAN_CONFIG_KEY_FILE",
            "BANYAN_CA_DIR");

    private static DeployProcesses deploy;

    @TempDir
    Path fixtures;

    @BeforeAll
    static void read() {
        deploy = DeployProcesses.read();
    }

    @Test
    void everyBanyanCommandLineWrittenInDeployParses() {
        List<CommandLine> lines = new ArrayList<>();
        DeployFiles.all().forEach(file -> lines.addAll(CommandLinesInText.in(file)));
        assertThat(lines).extracting(line -> String.join(" ", line.words().subList(0, Math.min(3, line.words().size()))))
                .as("the extraction finds the lines it must")
                .contains("ctl tokens create", "ctl gateways set", "certs init-ca --out", "control-plane");

        List<String> wrong = new ArrayList<>();
        for (CommandLine line : lines) {
            parse(line.words(), Map.of(), line.toString(), wrong);
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void theExtractionReadsShellLikeTheShell() {
        List<CommandLine> lines = CommandLinesInText.in("text", """
                # ./banyan ctl tokens create --service orders -o json > /tmp/x  # trailing
                token="$(banyan ctl tokens create --service "$service" --ttl 60 -o json)"
                ExecStart=/opt/banyan/banyan sidecar \\
                  --admin-port=$PORT
                a banyan-sidecar@orders unit; Banyan sidecar prose; banyan sidecars
                """);
        assertThat(lines).extracting(CommandLine::words).containsExactly(
                List.of("ctl", "tokens", "create", "--service", "orders", "-o", "json"),
                List.of("ctl", "tokens", "create", "--service", "placeholder", "--ttl", "60", "-o", "json"),
                List.of("sidecar", "--admin-port=placeholder"));

        List<String> wrong = new ArrayList<>();
        parse(List.of("sidecar", "--app-prot", "8080"), Map.of(), "typo", wrong);
        assertThat(wrong).singleElement().asString().contains("--app-prot");
    }

    @Test
    void everyBanyanVariableInDeployIsAnOptionOrTheLaunchers() {
        Set<String> known = new TreeSet<>(CliOptions.allVariables());
        known.addAll(CliOptions.launcherVariables());
        Set<String> used = new TreeSet<>();
        List<String> unknown = new ArrayList<>();
        for (Path file : DeployFiles.all()) {
            for (String variable : CliOptions.variablesIn(DeployFiles.read(file))) {
                used.add(variable);
                if (!known.contains(variable)) {
                    unknown.add(DeployFiles.name(file) + ": " + variable);
                }
            }
        }
        assertThat(used).contains("BANYAN_TOKEN", "BANYAN_ADVERTISE_HOST", "BANYAN_CONFIG", "BANYAN_JAVA_OPTS");
        assertThat(unknown).as("BANYAN_* names that no command reads (a typo is silently ignored at run time)")
                .isEmpty();
    }

    @Test
    void everyProcessTheDeployFilesStartPassesItsCheck() throws IOException {
        assertThat(deploy.processes()).extracting(Process::where).as("the processes found").contains(
                "deploy/docker/docker-compose.yml service control-plane",
                "deploy/docker/docker-compose.yml service orders-sidecar",
                "deploy/docker/docker-compose.yml service web-sidecar",
                "deploy/docker/docker-compose.yml service gateway",
                "deploy/systemd/banyan-control-plane.service",
                "deploy/systemd/banyan-sidecar@.service instance orders",
                "deploy/examples/sidecar.yaml");
        assertThat(deploy.processes()).filteredOn(p -> p.where().startsWith("deploy/kubernetes")).extracting(
                p -> p.args().get(0)).contains("control-plane", "sidecar");

        List<String> wrong = new ArrayList<>();
        for (Process process : deploy.processes()) {
            Map<String, String> env = withFixtures(process);
            CommandSpec command = parse(process.args(), env, process.where(), wrong);
            if (command == null) {
                continue;
            }
            unknownVariables(process.where(), process.env().keySet(), List.of(command), wrong);
            List<String> args = new ArrayList<>(process.args());
            args.add("--check");
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int exit = new Cli(env, new PrintWriter(out, true), new PrintWriter(err, true))
                    .run(args.toArray(String[]::new));
            if (exit != 0) {
                wrong.add(process.where() + ": banyan " + String.join(" ", args) + " exited " + exit + ": "
                        + err.toString().strip());
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void everyScriptsCommandsParseWithTheScriptsEnvironment() {
        assertThat(deploy.scripts()).extracting(Script::where).contains(
                "deploy/docker/docker-compose.yml service join-tokens",
                "deploy/kubernetes/orders-with-sidecar.yaml document 5 (Job banyan-join-token-orders) container join-token");
        List<String> wrong = new ArrayList<>();
        for (Script script : deploy.scripts()) {
            List<CommandSpec> commands = new ArrayList<>();
            for (CommandLine line : CommandLinesInText.in(script.where(), script.text())) {
                CommandSpec command = parse(line.words(), script.env(), line.toString(), wrong);
                if (command != null) {
                    commands.add(command);
                }
            }
            if (commands.isEmpty() && !script.env().isEmpty()) {
                wrong.add(script.where() + ": sets BANYAN_* variables but runs no banyan command");
            }
            unknownVariables(script.where(), script.env().keySet(), commands, wrong);
        }
        assertThat(wrong).isEmpty();
    }

    /** Parses {@code words} as the CLI would with {@code env}; the leaf command, or null with the error in wrong. */
    private static CommandSpec parse(List<String> words, Map<String, String> env, String where, List<String> wrong) {
        picocli.CommandLine root = Cli.commandLine();
        root.setDefaultValueProvider(new OptionSources(env, ConfigFile.empty()));
        try {
            ParseResult result = root.parseArgs(words.toArray(String[]::new));
            List<picocli.CommandLine> parsed = result.asCommandLineList();
            return parsed.get(parsed.size() - 1).getCommandSpec();
        } catch (picocli.CommandLine.ParameterException e) {
            wrong.add(where + ": " + e.getMessage());
            return null;
        }
    }

    /** A {@code BANYAN_*} variable given to a process that none of its commands reads is silently ignored: wrong. */
    private static void unknownVariables(String where, Set<String> variables, List<CommandSpec> commands,
                                         List<String> wrong) {
        Set<String> read = new TreeSet<>(CliOptions.launcherVariables());
        commands.forEach(command -> read.addAll(CliOptions.variables(command)));
        variables.stream().filter(name -> name.startsWith("BANYAN_") && !read.contains(name))
                .forEach(name -> wrong.add(where + ": " + name + " is read by none of "
                        + commands.stream().map(CommandSpec::qualifiedName).toList()));
    }

    /**
     * The process's environment with the files it names but that are made at run time (an init step's config file,
     * the operator's CA and config key) replaced by sample files made here; a file of the repository stays.
     */
    private Map<String, String> withFixtures(Process process) throws IOException {
        Map<String, String> env = new LinkedHashMap<>(process.env());
        String command = process.args().get(0);
        for (String variable : FILE_VARIABLES) {
            String value = env.get(variable);
            if (value == null || DeployProcesses.inRepository(value)) {
                continue;
            }
            Path fixture = fixtures.resolve(variable + "-" + Math.abs(process.where().hashCode()));
            switch (variable) {
                case "BANYAN_CONFIG" -> Files.writeString(fixture, "control-plane".equals(command)
                        ? "admin-token: sample-admin-token-0123456789\n" : "token: sample-join-token\n");
                case "BANYAN_CONFIG_KEY_FILE" -> Files.writeString(fixture,
                        Base64.getEncoder().encodeToString(new byte[32]));
                case "BANYAN_CA_DIR" -> Files.createDirectories(fixture);
                default -> throw new AssertionError(variable);
            }
            env.put(variable, fixture.toString());
        }
        return env;
    }
}
