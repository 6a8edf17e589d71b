package io.banyan.cli;

import io.banyan.cli.gateway.GatewayCommand;
import io.banyan.cli.options.ConfigFile;
import io.banyan.cli.options.OptionSources;
import io.banyan.cli.sidecar.SidecarCommand;
import io.banyan.sidecar.SidecarSettings;
import io.banyan.sidecar.trace.OtlpProtocol;
import io.banyan.sidecar.trace.TraceSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --otlp-endpoint}, {@code --otlp-protocol}, {@code --trace-sampling} on the sidecar and the gateway. */
class TracingOptionsTest {

    @TempDir
    Path dir;

    @Test
    void unsetMeansNoExportAndEveryRatio1() {
        TraceSettings tracing = sidecar(Map.of()).tracing();
        assertThat(tracing.exports()).isFalse();
        assertThat(tracing.protocol()).isEqualTo(OtlpProtocol.HTTP_PROTOBUF);
        assertThat(tracing.samplingRatio()).isEqualTo(1.0);
    }

    @Test
    void flagsEnvAndYamlWithFlagsWinning() throws Exception {
        assertThat(sidecar(Map.of(), "--otlp-endpoint", "http://collector:4317", "--otlp-protocol", "grpc",
                "--trace-sampling", "0.25").tracing())
                .isEqualTo(new TraceSettings(URI.create("http://collector:4317"), OtlpProtocol.GRPC, 0.25));
        assertThat(sidecar(Map.of("BANYAN_OTLP_ENDPOINT", "http://collector:4318", "BANYAN_TRACE_SAMPLING", "0.5"))
                .tracing().exportUrl()).isEqualTo("http://collector:4318/v1/traces");
        Path yaml = dir.resolve("gateway.yaml");
        Files.writeString(yaml, """
                name: edge
                otlp-endpoint: http://collector:4318
                trace-sampling: 0.1
                """);
        SidecarSettings gateway = gateway(Map.of("BANYAN_TRACE_SAMPLING", "0.2"), "--config", yaml.toString());
        assertThat(gateway.tracing().endpoint()).isEqualTo(URI.create("http://collector:4318"));
        assertThat(gateway.tracing().samplingRatio()).as("env over file").isEqualTo(0.2);
        assertThat(gateway(Map.of(), "--config", yaml.toString(), "--trace-sampling", "0.3").tracing().samplingRatio())
                .as("flag over env and file").isEqualTo(0.3);
    }

    @Test
    void checkNamesABadTraceOption() {
        assertThat(CliRun.run(Map.of(), "sidecar", "--service", "web", "--trace-sampling", "1.5", "--check"))
                .satisfies(run -> {
                    assertThat(run.exitCode).isEqualTo(2);
                    assertThat(run.err.strip()).isEqualTo(
                            "banyan sidecar: trace-sampling: 1.5 (expected: 0..1, e.g. 0.1 for 10%)");
                });
        assertThat(CliRun.run(Map.of(), "gateway", "--name", "edge", "--otlp-endpoint", "collector:4318", "--check"))
                .satisfies(run -> {
                    assertThat(run.exitCode).isEqualTo(2);
                    assertThat(run.err.strip()).startsWith("banyan gateway: otlp-endpoint: 'collector:4318' "
                            + "(expected: http://HOST:PORT or https://HOST:PORT");
                });
        assertThat(CliRun.run(Map.of(), "sidecar", "--service", "web", "--otlp-protocol", "http/json", "--check"))
                .satisfies(run -> {
                    assertThat(run.exitCode).isEqualTo(2);
                    assertThat(run.err).contains("otlp-protocol").contains("expected: http/protobuf or grpc");
                });
        assertThat(CliRun.run(Map.of("BANYAN_OTLP_ENDPOINT", "http://127.0.0.1:4318"), "sidecar", "--service", "web",
                "--check").exitCode).isZero();
    }

    private static SidecarSettings sidecar(Map<String, String> env, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--service";
        all[1] = "web";
        System.arraycopy(args, 0, all, 2, args.length);
        return parse(new SidecarCommand(), SidecarCommand::settings, env, all);
    }

    private static SidecarSettings gateway(Map<String, String> env, String... args) {
        return parse(new GatewayCommand(), GatewayCommand::settings, env, args);
    }

    private static <C extends Callable<Integer>> SidecarSettings parse(C command, Function<C, SidecarSettings> settings,
                                                                        Map<String, String> env, String... args) {
        CommandLine line = new CommandLine(command);
        line.setDefaultValueProvider(new OptionSources(env, ConfigFile.locate(List.of(args), env)
                .map(ConfigFile::load).orElse(ConfigFile.empty())));
        line.parseArgs(args);
        return settings.apply(command);
    }
}
