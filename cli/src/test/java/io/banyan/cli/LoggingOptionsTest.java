package io.banyan.cli;

import io.banyan.cli.options.ConfigFile;
import io.banyan.cli.options.OptionSources;
import io.banyan.cli.sidecar.SidecarCommand;
import io.banyan.sidecar.accesslog.AccessLogFormat;
import io.banyan.sidecar.accesslog.AccessLogSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The access log and process log options of the long-running commands, from flags, BANYAN_* and YAML. */
class LoggingOptionsTest {

    @TempDir
    Path dir;

    @Test
    void withoutOptionsTheAccessLogIsJsonOnStdout() {
        AccessLogSettings settings = sidecar(Map.of(), null, "--service", "orders").accessLog();

        assertThat(settings.destination()).isEqualTo(AccessLogSettings.Destination.STDOUT);
        assertThat(settings.format()).isEqualTo(AccessLogFormat.JSON);
        assertThat(settings.maxFileSize()).isEqualTo(100L << 20);
        assertThat(settings.maxFiles()).isEqualTo(5);
    }

    @Test
    void aFileWithItsRotationComesFromFlagsEnvAndYaml() throws Exception {
        Path file = dir.resolve("access.log");
        Path yaml = Files.writeString(dir.resolve("sidecar.yaml"), "service: orders\naccess-log-max-files: 3\n");
        Map<String, String> env = Map.of("BANYAN_ACCESS_LOG", file.toString(), "BANYAN_ACCESS_LOG_FORMAT", "text");

        AccessLogSettings settings = sidecar(env, yaml, "--config", yaml.toString(), "--access-log-max-size", "10MiB")
                .accessLog();

        assertThat(settings.file()).isEqualTo(file);
        assertThat(settings.format()).as("env").isEqualTo(AccessLogFormat.TEXT);
        assertThat(settings.maxFileSize()).as("flag").isEqualTo(10L << 20);
        assertThat(settings.maxFiles()).as("file").isEqualTo(3);
    }

    @Test
    void offIsOff() {
        assertThat(sidecar(Map.of(), null, "--service", "orders", "--access-log", "off").accessLog().destination())
                .isEqualTo(AccessLogSettings.Destination.OFF);
    }

    @Test
    void theGatewayTakesTheSameAccessLogOptions() {
        CliRun run = CliRun.run(Map.of(), "gateway", "--name", "edge", "--access-log", "off",
                "--access-log-format", "text", "--log-format", "json", "--log-level", "debug", "--check");

        assertThat(run.exitCode).as(run.err).isZero();
    }

    @Test
    void everyBadValueIsOneLineExit2NamingTheOption() {
        String missingDir = dir.resolve("absent").resolve("access.log").toString();
        assertOneLine("banyan sidecar: log-format: 'xml' (expected: text or json)",
                "sidecar", "--service", "orders", "--log-format", "xml", "--check");
        assertOneLine("banyan sidecar: log-level: 'loud' (expected: error, warn, info, debug or trace)",
                "sidecar", "--service", "orders", "--log-level", "loud", "--check");
        assertOneLine("banyan sidecar: access-log-format: 'xml' (expected: json or text)",
                "sidecar", "--service", "orders", "--access-log-format", "xml", "--check");
        assertOneLine("banyan sidecar: access-log-max-size: '10MB' (expected: a size like 16384, 60KiB or 1MiB)",
                "sidecar", "--service", "orders", "--access-log-max-size", "10MB", "--check");
        assertOneLine("banyan sidecar: access-log-max-size: 100 (expected: >= 1KiB)",
                "sidecar", "--service", "orders", "--access-log-max-size", "100", "--check");
        assertOneLine("banyan sidecar: access-log-max-files: '0' (expected: an integer >= 1)",
                "sidecar", "--service", "orders", "--access-log-max-files", "0", "--check");
        assertOneLine("banyan sidecar: access-log-max-files: 21 (expected: 1..20)",
                "sidecar", "--service", "orders", "--access-log-max-files", "21", "--check");
        assertOneLine("banyan sidecar: access-log: '" + missingDir
                        + "' (expected: stdout, off, or a file in an existing directory)",
                "sidecar", "--service", "orders", "--access-log", missingDir, "--check");
        assertOneLine("banyan sidecar: access-log: '' (expected: stdout, off, or a file path)",
                "sidecar", "--service", "orders", "--access-log", "", "--check");
        assertOneLine("banyan gateway: access-log-format: 'xml' (expected: json or text)",
                "gateway", "--name", "edge", "--access-log-format", "xml", "--check");
        assertOneLine("banyan control-plane: log-format: 'yaml' (expected: text or json)",
                "control-plane", "--log-format", "yaml", "--check");
        assertOneLine("banyan demo: log-level: 'all' (expected: error, warn, info, debug or trace)",
                "demo", "--log-level", "all");
    }

    @Test
    void helpListsTheOptionsWithTheirDefaults() {
        CliRun sidecar = CliRun.run(Map.of(), "sidecar", "--help");
        CliRun controlPlane = CliRun.run(Map.of(), "control-plane", "--help");

        assertThat(sidecar.out).contains("--access-log=stdout|off|PATH", "--access-log-format=FORMAT",
                "--access-log-max-size=SIZE", "--access-log-max-files=N", "--log-format=FORMAT", "--log-level=LEVEL",
                "(default: 100MiB)");
        assertThat(controlPlane.out).contains("--log-format=FORMAT", "--log-level=LEVEL");
    }

    private static void assertOneLine(String expected, String... args) {
        CliRun run = CliRun.run(Map.of(), args);
        assertThat(run.exitCode).as(run.err).isEqualTo(2);
        assertThat(run.err).isEqualTo(expected + "\n");
    }

    private static io.banyan.sidecar.SidecarSettings sidecar(Map<String, String> env, Path yaml, String... args) {
        SidecarCommand command = new SidecarCommand();
        CommandLine commandLine = new CommandLine(command);
        commandLine.setDefaultValueProvider(new OptionSources(env, yaml == null ? ConfigFile.empty()
                : ConfigFile.load(yaml)));
        commandLine.parseArgs(args);
        return command.settings();
    }
}
