package io.banyan.cli;

import io.banyan.api.xds.XdsProtocol;
import io.banyan.cli.gateway.GatewayCommand;
import io.banyan.cli.options.ConfigFile;
import io.banyan.cli.options.OptionSources;
import io.banyan.sidecar.SidecarSettings;
import io.banyan.sidecar.tls.CertificateFiles;
import io.banyan.testkit.tls.TestCa;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code banyan gateway}: its options to settings (flags over env over file), bad options and {@code --check}. */
class GatewayCommandTest {

    @TempDir
    Path dir;

    @Test
    void optionsBecomeAGatewaysSettings() throws Exception {
        SidecarSettings settings = gateway(Map.of("BANYAN_TOKEN", "t0k"), "--name", "edge", "--listen", "0.0.0.0:8443",
                "--tls-cert", "a.crt", "--tls-key", "a.key", "--tls-cert", "b.crt", "--tls-key", "b.key",
                "--tls-reload-interval", "2s", "--control-plane", "10.0.0.1:15010", "--admin-port", "0");

        assertThat(settings.isGateway()).isTrue();
        assertThat(settings.service()).isEqualTo("edge");
        assertThat(settings.token()).isEqualTo("t0k");
        assertThat(settings.hasApp()).isFalse();
        assertThat(settings.dataDir()).isEqualTo(Path.of("data", "gateway-edge"));
        assertThat(settings.gateway().listenAddress()).isEqualTo("0.0.0.0");
        assertThat(settings.gateway().listenPort()).isEqualTo(8443);
        assertThat(settings.gateway().certificates()).containsExactly(
                new CertificateFiles(Path.of("a.crt"), Path.of("a.key")),
                new CertificateFiles(Path.of("b.crt"), Path.of("b.key")));
        assertThat(settings.gateway().certificateReload()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.xdsProtocol()).isEqualTo(XdsProtocol.DELTA);
        assertThat(gateway(Map.of(), "--name", "edge", "--xds-protocol", "sotw").xdsProtocol())
                .isEqualTo(XdsProtocol.SOTW);
    }

    @Test
    void certificatePairsComeFromYamlListsToo_andFlagsWin() throws Exception {
        Path yaml = dir.resolve("gateway.yaml");
        Files.writeString(yaml, """
                name: edge
                listen: 127.0.0.1:9000
                tls-cert: [shop.crt, api.crt]
                tls-key: [shop.key, api.key]
                """);

        SidecarSettings fromFile = gateway(Map.of(), "--config", yaml.toString());
        SidecarSettings flagged = gateway(Map.of("BANYAN_LISTEN", "127.0.0.2:9001"), "--config", yaml.toString(),
                "--name", "front");

        assertThat(fromFile.gateway().certificates()).extracting(CertificateFiles::certificate)
                .containsExactly(Path.of("shop.crt"), Path.of("api.crt"));
        assertThat(fromFile.gateway().listenPort()).isEqualTo(9000);
        assertThat(flagged.service()).isEqualTo("front");
        assertThat(flagged.gateway().listenAddress()).as("env over file").isEqualTo("127.0.0.2");
    }

    @Test
    void badOptionsExit2WithOneLineNamingTheField() {
        assertThat(CliRun.run(Map.of(), "gateway", "--listen", "0.0.0.0:80")).satisfies(run -> {
            assertThat(run.exitCode).isEqualTo(2);
            assertThat(run.err.strip()).isEqualTo("banyan gateway: name: missing (expected: --name NAME, BANYAN_NAME "
                    + "or 'name:' in --config)");
        });
        assertThat(CliRun.run(Map.of(), "gateway", "--name", "edge", "--listen", "edge:80", "--check")).satisfies(run -> {
            assertThat(run.exitCode).isEqualTo(2);
            assertThat(run.err.strip()).isEqualTo("banyan gateway: listen: 'edge' (expected: an IP address, e.g. 0.0.0.0)");
        });
        assertThat(CliRun.run(Map.of(), "gateway", "--name", "edge", "--tls-cert", "a.crt", "--check")).satisfies(run -> {
            assertThat(run.exitCode).isEqualTo(2);
            assertThat(run.err.strip()).isEqualTo("banyan gateway: tls-key: 0 given for 1 --tls-cert (expected: one "
                    + "--tls-key per --tls-cert, in the same order)");
        });
        assertThat(CliRun.run(Map.of(), "gateway", "--name", "Edge", "--check")).satisfies(run -> {
            assertThat(run.exitCode).isEqualTo(2);
            assertThat(run.err).startsWith("banyan gateway: service: 'Edge' (expected: a DNS label");
        });
    }

    @Test
    void checkReadsTheCertificateFiles_exit0WhenGood_2NamingTheBadPair() throws Exception {
        Path crt = dir.resolve("shop.crt");
        Path key = dir.resolve("shop.key");
        new TestCa().issueServer("shop.example.com").writeTo(crt, key);
        Path broken = dir.resolve("broken.key");
        Files.writeString(broken, "not a key");

        CliRun good = CliRun.run(Map.of(), "gateway", "--name", "edge", "--tls-cert", crt.toString(),
                "--tls-key", key.toString(), "--check");
        CliRun bad = CliRun.run(Map.of(), "gateway", "--name", "edge", "--tls-cert", crt.toString(),
                "--tls-key", broken.toString(), "--check");
        CliRun missing = CliRun.run(Map.of(), "gateway", "--name", "edge", "--tls-cert", dir.resolve("no.crt").toString(),
                "--tls-key", key.toString(), "--check");
        CliRun plain = CliRun.run(Map.of(), "gateway", "--name", "edge", "--check");

        assertThat(good.exitCode).as(good.err).isZero();
        assertThat(good.out).contains("banyan gateway edge: configuration OK (listen 0.0.0.0:8080, 1 certificate(s))");
        assertThat(bad.exitCode).isEqualTo(2);
        assertThat(bad.err).startsWith("banyan gateway: tls-cert: '" + crt + " + " + broken + "'")
                .contains("(expected: a PEM certificate chain and its PEM PKCS#8 private key)");
        assertThat(missing.exitCode).isEqualTo(2);
        assertThat(missing.err).contains("no such file " + dir.resolve("no.crt"));
        assertThat(plain.exitCode).isZero();
        assertThat(plain.out).contains("plaintext");
    }

    private static SidecarSettings gateway(Map<String, String> env, String... args) {
        GatewayCommand command = new GatewayCommand();
        CommandLine line = new CommandLine(command);
        line.setDefaultValueProvider(new OptionSources(env, ConfigFile.locate(List.of(args), env)
                .map(ConfigFile::load).orElse(ConfigFile.empty())));
        line.parseArgs(args);
        return command.settings();
    }
}
