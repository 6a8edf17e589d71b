package io.banyan.cli;

import io.banyan.cli.options.ConfigFile;
import io.banyan.cli.options.OptionSources;
import io.banyan.cli.sidecar.SidecarCommand;
import io.banyan.dataplane.config.ProtocolLimits;
import io.banyan.sidecar.SidecarSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The --http1-*, --http2-* and --tunnel-* options of {@code banyan sidecar}, from flags, BANYAN_* and YAML. */
class ProtocolLimitOptionsTest {

    @TempDir
    Path dir;

    @Test
    void withoutOptionsTheLimitsAreTheRecordsDefaults() {
        assertThat(sidecar(Map.of(), null, "--service", "orders").limits()).isEqualTo(ProtocolLimits.DEFAULT);
    }

    @Test
    void flagsSetEachProtocol() {
        ProtocolLimits limits = sidecar(Map.of(), null, "--service", "orders",
                "--http1-max-request-line", "1KiB", "--http1-max-headers-size", "32768", "--http1-header-timeout", "3s",
                "--http2-max-concurrent-streams", "50", "--http2-initial-stream-window", "2MiB",
                "--http2-initial-connection-window", "8MiB", "--http2-stream-idle-timeout", "0",
                "--http2-max-rst-frames", "50", "--http2-rst-frame-window", "10s",
                "--tunnel-idle-timeout", "90s").limits();

        assertThat(limits.http1().maxRequestLineBytes()).isEqualTo(1024);
        assertThat(limits.http1().maxHeadersBytes()).isEqualTo(32_768);
        assertThat(limits.http1().requestHeadersTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(limits.http1().idleTimeout()).as("default").isEqualTo(Duration.ofHours(1));
        assertThat(limits.http2().maxConcurrentStreams()).isEqualTo(50);
        assertThat(limits.http2().initialStreamWindow()).isEqualTo(2 * 1024 * 1024);
        assertThat(limits.http2().initialConnectionWindow()).isEqualTo(8 * 1024 * 1024);
        assertThat(limits.http2().streamIdleTimeout()).as("0 disables").isZero();
        assertThat(limits.http2().maxRstFramesPerWindow()).isEqualTo(50);
        assertThat(limits.http2().rstFrameWindow()).isEqualTo(Duration.ofSeconds(10));
        assertThat(limits.http2().maxFrameSize()).as("default").isEqualTo(16_384);
        assertThat(limits.tunnel().idleTimeout()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void flagWinsOverEnvWhichWinsOverYaml() throws Exception {
        Path yaml = write("""
                service: orders
                http2-max-frame-size: 64KiB
                http2-max-headers: 40
                http1-idle-timeout: 10m
                tunnel-idle-timeout: 0
                """);
        Map<String, String> env = Map.of("BANYAN_HTTP2_MAX_FRAME_SIZE", "32KiB", "BANYAN_HTTP2_MAX_HEADERS", "60",
                "BANYAN_HTTP1_MAX_HEADERS", "20");

        ProtocolLimits limits = sidecar(env, yaml, "--config", yaml.toString(), "--http2-max-headers", "80").limits();

        assertThat(limits.http2().maxHeaderCount()).as("flag").isEqualTo(80);
        assertThat(limits.http2().maxFrameSize()).as("env over file").isEqualTo(32 * 1024);
        assertThat(limits.http1().maxHeaderCount()).as("env").isEqualTo(20);
        assertThat(limits.http1().idleTimeout()).as("file").isEqualTo(Duration.ofMinutes(10));
        assertThat(limits.tunnel().idleTimeout()).as("file, 0 disables").isZero();
    }

    @Test
    void valueOutsideTheRecordsRangeIsOneLineExit2NamingTheOption() {
        CliRun frame = CliRun.run(Map.of(), "sidecar", "--service", "orders", "--http2-max-frame-size", "100");
        CliRun window = CliRun.run(Map.of(), "sidecar", "--service", "orders", "--http2-initial-stream-window", "8MiB");
        CliRun line = CliRun.run(Map.of("BANYAN_HTTP1_MAX_REQUEST_LINE", "2MiB"), "sidecar", "--service", "orders");

        assertThat(frame.exitCode).as(frame.err).isEqualTo(2);
        assertThat(frame.err).isEqualTo("banyan sidecar: http2-max-frame-size: 100 (expected: 16384..16777215)\n");
        assertThat(window.exitCode).as(window.err).isEqualTo(2);
        assertThat(window.err).as("the connection window must hold the stream window").isEqualTo(
                "banyan sidecar: http2-initial-connection-window: 4194304 (expected: 8388608..2147483647)\n");
        assertThat(line.exitCode).as(line.err).isEqualTo(2);
        assertThat(line.err).isEqualTo("banyan sidecar: http1-max-request-line: 2097152 (expected: 256..1048576)\n");
    }

    @Test
    void unparseableValuesAreOneLineExit2() throws Exception {
        CliRun size = CliRun.run(Map.of(), "sidecar", "--service", "orders", "--http1-max-headers-size", "60KB");
        CliRun count = CliRun.run(Map.of(), "sidecar", "--service", "orders", "--http2-max-concurrent-streams", "0");
        Path yaml = write("service: orders\nhttp2-idle-timeout: forever\n");
        CliRun duration = CliRun.run(Map.of(), "sidecar", "--config", yaml.toString());

        assertThat(size.exitCode).isEqualTo(2);
        assertThat(size.err).isEqualTo(
                "banyan sidecar: http1-max-headers-size: '60KB' (expected: a size like 16384, 60KiB or 1MiB)\n");
        assertThat(count.exitCode).isEqualTo(2);
        assertThat(count.err).isEqualTo(
                "banyan sidecar: http2-max-concurrent-streams: '0' (expected: an integer >= 1)\n");
        assertThat(duration.exitCode).isEqualTo(2);
        assertThat(duration.err).isEqualTo(
                "banyan sidecar: http2-idle-timeout: 'forever' (expected: a duration like 250ms, 1.5s, 5m, 7d)\n");
    }

    @Test
    void helpListsTheLimitOptionsWithTheirDefaults() {
        CliRun run = CliRun.run(Map.of(), "sidecar", "--help");

        assertThat(run.exitCode).isZero();
        assertThat(run.out).contains("--http1-max-request-line=SIZE", "--http1-idle-timeout=DURATION",
                "--http2-max-concurrent-streams=COUNT", "--http2-drain-timeout=DURATION", "--tunnel-idle-timeout",
                "(default: 8KiB)", "(default: 60KiB)");
    }

    private SidecarSettings sidecar(Map<String, String> env, Path yaml, String... args) {
        SidecarCommand command = new SidecarCommand();
        CommandLine commandLine = new CommandLine(command);
        commandLine.setDefaultValueProvider(new OptionSources(env, yaml == null ? ConfigFile.empty() : ConfigFile.load(yaml)));
        commandLine.parseArgs(args);
        return command.settings();
    }

    private Path write(String yaml) throws Exception {
        Path file = Files.createTempFile(dir, "banyan", ".yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
