package io.banyan.cli;

import io.banyan.api.xds.XdsProtocol;
import io.banyan.cli.controlplane.ControlPlaneCommand;
import io.banyan.cli.options.ConfigFile;
import io.banyan.cli.options.OptionSources;
import io.banyan.cli.sidecar.SidecarCommand;
import io.banyan.controlplane.ControlPlaneSettings;
import io.banyan.controlplane.registry.RegistryRules;
import io.banyan.controlplane.xds.XdsLimits;
import io.banyan.sidecar.SidecarSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OptionResolutionTest {

    @TempDir
    Path dir;

    @Test
    void flagWinsOverEnvWhichWinsOverFile() throws Exception {
        Path yaml = write("""
                service: orders
                app-port: 7000
                admin-port: 7001
                inbound-port: 7002
                zone: from-file
                """);
        Map<String, String> env = Map.of("BANYAN_APP_PORT", "8000", "BANYAN_ADMIN_PORT", "8001");

        SidecarSettings settings = sidecar(env, "--config", yaml.toString(), "--app-port", "9000");

        assertThat(settings.appPort()).as("flag").isEqualTo(9000);
        assertThat(settings.adminPort()).as("env over file").isEqualTo(8001);
        assertThat(settings.inboundPort()).as("file over default").isEqualTo(7002);
        assertThat(settings.zone()).isEqualTo("from-file");
        assertThat(settings.outboundPort()).as("default").isEqualTo(15001);
        assertThat(settings.service()).isEqualTo("orders");
    }

    @Test
    void repeatableOptionsComeFromYamlListsEnvAndFlags() throws Exception {
        Path yaml = write("""
                service: web
                upstream: [orders=9001, payments=9002]
                registration-ttl: 3s
                """);

        SidecarSettings fromFile = sidecar(Map.of(), "--config", yaml.toString());
        SidecarSettings fromEnv = sidecar(Map.of("BANYAN_UPSTREAM", "users=9100"), "--config", yaml.toString());
        SidecarSettings fromFlags = sidecar(Map.of("BANYAN_UPSTREAM", "users=9100"), "--config", yaml.toString(),
                "--upstream", "a=1", "--upstream", "b=2");

        assertThat(fromFile.upstreams()).isEqualTo(Map.of("orders", 9001, "payments", 9002));
        assertThat(fromFile.registrationTtl()).isEqualTo(Duration.ofSeconds(3));
        assertThat(fromEnv.upstreams()).isEqualTo(Map.of("users", 9100));
        assertThat(fromFlags.upstreams()).isEqualTo(Map.of("a", 1, "b", 2));
    }

    @Test
    void upstreamStarOptsIntoEveryService_besideExplicitPorts_andTheDefaultIsScoped() throws Exception {
        SidecarSettings star = sidecar(Map.of(), "--service", "web", "--upstream", "*", "--upstream", "orders=9001");
        SidecarSettings fromEnv = sidecar(Map.of("BANYAN_UPSTREAM", "orders=9001,*"), "--service", "web");
        SidecarSettings scoped = sidecar(Map.of(), "--service", "web", "--upstream", "orders=9001");

        assertThat(star.allUpstreams()).isTrue();
        assertThat(star.upstreams()).isEqualTo(Map.of("orders", 9001));
        assertThat(fromEnv.allUpstreams()).isTrue();
        assertThat(fromEnv.upstreams()).isEqualTo(Map.of("orders", 9001));
        assertThat(scoped.allUpstreams()).isFalse();
    }

    @Test
    void controlPlaneOptionsFromEnv() {
        Map<String, String> env = Map.of("BANYAN_XDS_PORT", "0", "BANYAN_TRUST_DOMAIN", "prod.example",
                "BANYAN_ADMIN_TOKEN", "s3cret", "BANYAN_DATA_DIR", dir.toString(), "BANYAN_RECOVER", "true");
        ControlPlaneCommand command = new ControlPlaneCommand();
        CommandLine commandLine = new CommandLine(command);
        commandLine.setDefaultValueProvider(new OptionSources(env, ConfigFile.empty()));
        commandLine.parseArgs("--admin-port", "0");

        ControlPlaneSettings settings = command.settings();

        assertThat(settings.adminPort()).isZero();
        assertThat(settings.xdsPort()).isZero();
        assertThat(settings.trustDomain()).isEqualTo("prod.example");
        assertThat(settings.adminToken()).isEqualTo("s3cret");
        assertThat(settings.dataDir()).isEqualTo(dir);
        assertThat(settings.sweepInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.recover()).isTrue();
    }

    @Test
    void defaultsMatchTheSpec() {
        ControlPlaneCommand command = new ControlPlaneCommand();
        new CommandLine(command).parseArgs();
        ControlPlaneSettings settings = command.settings();
        assertThat(List.of(settings.adminPort(), settings.xdsPort())).containsExactly(15080, 15010);
        assertThat(settings.trustDomain()).isEqualTo("mesh.local");
        assertThat(settings.adminToken()).isEmpty();
        assertThat(settings.dataDir()).isEqualTo(Path.of("./data/control-plane"));
        assertThat(settings.recover()).isFalse();
    }

    @Test
    void registryRulesComeFromOptionsWithDocumentedDefaults() {
        ControlPlaneCommand defaults = new ControlPlaneCommand();
        new CommandLine(defaults).parseArgs();
        assertThat(defaults.settings().registryRules()).isEqualTo(RegistryRules.DEFAULT);

        ControlPlaneCommand command = new ControlPlaneCommand();
        CommandLine commandLine = new CommandLine(command);
        commandLine.setDefaultValueProvider(new OptionSources(Map.of("BANYAN_REAP_AFTER", "2h"), ConfigFile.empty()));
        commandLine.parseArgs("--startup-grace", "90s", "--self-preservation-threshold", "0.8");
        assertThat(command.settings().registryRules())
                .isEqualTo(new RegistryRules(Duration.ofSeconds(90), 0.8, Duration.ofHours(2)));
    }

    @Test
    void aSelfPreservationThresholdAboveOneIsOneLineExit2() {
        CliRun run = CliRun.run(Map.of(), "control-plane", "--self-preservation-threshold", "2");

        assertThat(run.exitCode).as(run.err).isEqualTo(2);
        assertThat(run.err).isEqualTo("banyan control-plane: self-preservation-threshold: 2.0 "
                + "(expected: > 0 and <= 1; 1 disables self-preservation)\n");
    }

    @Test
    void xdsLimitsComeFromFlagsAndEnvAndDefaultToTheDocumentedValues() {
        ControlPlaneCommand defaults = new ControlPlaneCommand();
        new CommandLine(defaults).parseArgs();
        assertThat(defaults.settings().xdsLimits()).isEqualTo(XdsLimits.DEFAULT);
        assertThat(XdsLimits.DEFAULT).isEqualTo(new XdsLimits(64, 4096, Duration.ofMinutes(5)));

        ControlPlaneCommand command = new ControlPlaneCommand();
        CommandLine commandLine = new CommandLine(command);
        commandLine.setDefaultValueProvider(new OptionSources(Map.of("BANYAN_XDS_MAX_NODES", "100"), ConfigFile.empty()));
        commandLine.parseArgs("--xds-max-streams-per-identity", "8", "--xds-node-retention", "30s");
        assertThat(command.settings().xdsLimits()).isEqualTo(new XdsLimits(8, 100, Duration.ofSeconds(30)));
    }

    @Test
    void theLoadReportIntervalComesFromFlagEnvOrFileAndIsChecked() {
        ControlPlaneCommand defaults = new ControlPlaneCommand();
        new CommandLine(defaults).parseArgs();
        assertThat(defaults.settings().loadReportInterval()).isEqualTo(Duration.ofSeconds(5));

        ControlPlaneCommand command = new ControlPlaneCommand();
        CommandLine commandLine = new CommandLine(command);
        commandLine.setDefaultValueProvider(new OptionSources(Map.of("BANYAN_LOAD_REPORT_INTERVAL", "250ms"),
                ConfigFile.empty()));
        commandLine.parseArgs();
        assertThat(command.settings().loadReportInterval()).isEqualTo(Duration.ofMillis(250));

        CliRun run = CliRun.run(Map.of(), "control-plane", "--load-report-interval", "2m");
        assertThat(run.exitCode).as(run.err).isEqualTo(2);
        assertThat(run.err).isEqualTo("banyan control-plane: load-report-interval: 2m (expected: 100ms..1m)\n");
    }

    @Test
    void badXdsLimitIsOneLineExit2() {
        CliRun run = CliRun.run(Map.of(), "control-plane", "--xds-max-streams-per-identity", "0");

        assertThat(run.exitCode).as(run.err).isEqualTo(2);
        assertThat(run.err).isEqualTo(
                "banyan control-plane: xds-max-streams-per-identity: '0' (expected: an integer >= 1)\n");
    }

    @Test
    void controlPlaneReplicasComeFromAFlagListEnvOrYamlList_eachCheckedAndGivenOnce() throws Exception {
        Path yaml = write("""
                service: web
                control-plane: [cp-1:15010, cp-2:15010]
                """);

        SidecarSettings fromFlag = sidecar(Map.of(), "--service", "web", "--control-plane", "cp-1:15010,cp-2:15010");
        SidecarSettings fromEnv = sidecar(Map.of("BANYAN_CONTROL_PLANE", "cp-3:15010,cp-4:15011"), "--service", "web");
        SidecarSettings fromFile = sidecar(Map.of(), "--config", yaml.toString());
        CliRun bad = CliRun.run(Map.of(), "sidecar", "--service", "web", "--control-plane", "cp-1:15010,cp-2");
        CliRun twice = CliRun.run(Map.of(), "gateway", "--name", "edge", "--listen", "127.0.0.1:8080",
                "--control-plane", "cp-1:15010,cp-1:15010");

        assertThat(fromFlag.controlPlanes()).extracting(Object::toString).containsExactly("cp-1:15010", "cp-2:15010");
        assertThat(fromEnv.controlPlanes()).extracting(Object::toString).containsExactly("cp-3:15010", "cp-4:15011");
        assertThat(fromFile.controlPlanes()).extracting(Object::toString).containsExactly("cp-1:15010", "cp-2:15010");
        assertThat(bad.exitCode).isEqualTo(2);
        assertThat(bad.err).isEqualTo("banyan sidecar: control-plane: 'cp-2' (expected: HOST:PORT)\n");
        assertThat(twice.exitCode).isEqualTo(2);
        assertThat(twice.err).isEqualTo("banyan gateway: control-plane: 'cp-1:15010' given twice "
                + "(expected: each replica once)\n");
    }

    @Test
    void drainTimeoutAndAdminTokenOfTheSidecar() {
        SidecarSettings defaults = sidecar(Map.of(), "--service", "orders");
        SidecarSettings set = sidecar(Map.of("BANYAN_ADMIN_TOKEN", "s3cret"), "--service", "orders",
                "--drain-timeout", "45s");
        CliRun bad = CliRun.run(Map.of(), "sidecar", "--service", "orders", "--drain-timeout", "soon");

        assertThat(defaults.drainTimeout()).isEqualTo(SidecarSettings.DEFAULT_DRAIN_TIMEOUT).isEqualTo(Duration.ofSeconds(20));
        assertThat(defaults.adminToken()).isEmpty();
        assertThat(set.drainTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(set.adminToken()).isEqualTo("s3cret");
        assertThat(bad.exitCode).isEqualTo(2);
        assertThat(bad.err).startsWith("banyan sidecar: ").contains("drain-timeout").contains("soon");
        assertThat(bad.err.lines()).hasSize(1);
    }

    @Test
    void drainDelayIs5sByDefault_0sAllowed_fromFlagOrEnvironment_badOneLineExit2() {
        SidecarSettings defaults = sidecar(Map.of(), "--service", "orders");
        SidecarSettings none = sidecar(Map.of(), "--service", "orders", "--drain-delay", "0s");
        SidecarSettings fromEnv = sidecar(Map.of("BANYAN_DRAIN_DELAY", "12s"), "--service", "orders");
        CliRun bad = CliRun.run(Map.of(), "sidecar", "--service", "orders", "--drain-delay", "later", "--check");
        CliRun badGateway = CliRun.run(Map.of(), "gateway", "--name", "edge", "--listen", "127.0.0.1:8080",
                "--drain-delay", "-1s", "--check");

        assertThat(defaults.drainDelay()).isEqualTo(SidecarSettings.DEFAULT_DRAIN_DELAY).isEqualTo(Duration.ofSeconds(5));
        assertThat(none.drainDelay()).isZero();
        assertThat(fromEnv.drainDelay()).isEqualTo(Duration.ofSeconds(12));
        assertThat(bad.exitCode).isEqualTo(2);
        assertThat(bad.err).startsWith("banyan sidecar: ").contains("drain-delay").contains("later");
        assertThat(bad.err.lines()).hasSize(1);
        assertThat(badGateway.exitCode).isEqualTo(2);
        assertThat(badGateway.err).startsWith("banyan gateway: ").contains("drain-delay");
        assertThat(badGateway.err.lines()).hasSize(1);
    }

    @Test
    void xdsProtocolIsDeltaByDefault_sotwByFlagOrEnvironment_anythingElseOneLineExit2() {
        CliRun bad = CliRun.run(Map.of(), "sidecar", "--service", "orders", "--xds-protocol", "grpc", "--check");

        assertThat(sidecar(Map.of(), "--service", "orders").xdsProtocol()).isEqualTo(XdsProtocol.DELTA);
        assertThat(sidecar(Map.of(), "--service", "orders", "--xds-protocol", "sotw").xdsProtocol())
                .isEqualTo(XdsProtocol.SOTW);
        assertThat(sidecar(Map.of("BANYAN_XDS_PROTOCOL", "sotw"), "--service", "orders").xdsProtocol())
                .isEqualTo(XdsProtocol.SOTW);
        assertThat(bad.exitCode).as(bad.err).isEqualTo(2);
        assertThat(bad.err).isEqualTo("banyan sidecar: xds-protocol: 'grpc' (expected: delta or sotw)\n");
    }

    @Test
    void badFlagValueIsOneLineExit2() {
        CliRun run = CliRun.run(Map.of(), "sidecar", "--service", "orders", "--app-port", "abc");

        assertThat(run.exitCode).as(run.err).isEqualTo(2);
        assertThat(run.err).isEqualTo("banyan sidecar: app-port: 'abc' (expected: an integer 0..65535)\n");
    }

    @Test
    void badEnvValueIsOneLineExit2() {
        CliRun run = CliRun.run(Map.of("BANYAN_APP_PORT", "70000"), "sidecar", "--service", "orders");

        assertThat(run.exitCode).as(run.err).isEqualTo(2);
        assertThat(run.err).isEqualTo("banyan sidecar: app-port: '70000' (expected: an integer 0..65535)\n");
    }

    @Test
    void badYamlValueIsOneLineExit2() throws Exception {
        Path yaml = write("service: orders\nregistration-ttl: soon\n");

        CliRun run = CliRun.run(Map.of(), "sidecar", "--config", yaml.toString());

        assertThat(run.exitCode).as(run.err).isEqualTo(2);
        assertThat(run.err).isEqualTo(
                "banyan sidecar: registration-ttl: 'soon' (expected: a duration like 250ms, 1.5s, 5m, 7d)\n");
    }

    @Test
    void unknownYamlKeyIsOneLineExit2() throws Exception {
        Path yaml = write("service: orders\napp-prot: 8080\n");

        CliRun run = CliRun.run(Map.of(), "sidecar", "--config", yaml.toString());

        assertThat(run.exitCode).as(run.err).isEqualTo(2);
        assertThat(run.err).startsWith("banyan sidecar: app-prot: unknown key in " + yaml + " (expected one of: ")
                .contains("app-port").endsWith(")\n");
        assertThat(run.err.lines()).hasSize(1);
    }

    @Test
    void nestedYamlValueIsOneLineExit2() throws Exception {
        Path yaml = write("service: orders\napp-port:\n  value: 8080\n");

        CliRun run = CliRun.run(Map.of(), "sidecar", "--config", yaml.toString());

        assertThat(run.exitCode).as(run.err).isEqualTo(2);
        assertThat(run.err).isEqualTo(
                "banyan: app-port: {\"value\":8080} (expected: a plain value, or a list for repeatable options)\n");
    }

    @Test
    void listForASingleValueIsOneLineExit2() throws Exception {
        Path yaml = write("service: orders\nzone: [a, b]\n");

        CliRun run = CliRun.run(Map.of(), "sidecar", "--config", yaml.toString());

        assertThat(run.exitCode).as(run.err).isEqualTo(2);
        assertThat(run.err).isEqualTo("banyan sidecar: zone: a list in " + yaml + " (expected: a single value)\n");
    }

    @Test
    void settingsValidationBecomesOneLineExit2() {
        CliRun missing = CliRun.run(Map.of(), "sidecar");
        CliRun badService = CliRun.run(Map.of(), "sidecar", "--service", "Orders_1");
        CliRun badPlane = CliRun.run(Map.of(), "sidecar", "--service", "orders", "--control-plane", "nowhere");

        assertThat(missing.exitCode).isEqualTo(2);
        assertThat(missing.err).isEqualTo(
                "banyan sidecar: service: missing (expected: --service NAME, BANYAN_SERVICE or 'service:' in --config)\n");
        assertThat(badService.exitCode).isEqualTo(2);
        assertThat(badService.err).startsWith("banyan sidecar: service: 'Orders_1' (expected: a DNS label");
        assertThat(badPlane.exitCode).isEqualTo(2);
        assertThat(badPlane.err).isEqualTo("banyan sidecar: control-plane: 'nowhere' (expected: HOST:PORT)\n");
    }

    @Test
    void unknownFlagAndMissingConfigFileExit2() {
        CliRun unknown = CliRun.run(Map.of(), "sidecar", "--frobnicate");
        CliRun noFile = CliRun.run(Map.of(), "sidecar", "--config", dir.resolve("nope.yaml").toString());

        assertThat(unknown.exitCode).isEqualTo(2);
        assertThat(unknown.err).startsWith("banyan sidecar: Unknown option: '--frobnicate'");
        assertThat(unknown.err.lines()).hasSize(1);
        assertThat(noFile.exitCode).isEqualTo(2);
        assertThat(noFile.err).contains("nope.yaml not found");
    }

    @Test
    void checkAcceptsUpstreamStarAndSaysWhatTheSidecarReceives() {
        CliRun run = CliRun.run(Map.of(), "sidecar", "--service", "web", "--upstream", "orders=9001",
                "--upstream", "*", "--check");

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.out).isEqualTo("banyan sidecar web: configuration OK (upstreams {orders=9001}, and every service"
                + " through the shared outbound port)\n");
    }

    @Test
    void anUpstreamWithoutAPortIsDeclaredForTheSharedOutboundPort_andAServiceGivenTwiceIsRefused() {
        SidecarSettings shared = sidecar(Map.of("BANYAN_UPSTREAM", "billing"), "--service", "web",
                "--upstream", "orders=9001", "--upstream", "users");
        CliRun check = CliRun.run(Map.of(), "sidecar", "--service", "web", "--upstream", "billing", "--check");
        CliRun twice = CliRun.run(Map.of(), "sidecar", "--service", "web", "--upstream", "billing",
                "--upstream", "billing=9001");

        assertThat(shared.upstreams()).isEqualTo(Map.of("orders", 9001));
        assertThat(shared.sharedUpstreams()).containsExactly("users");
        assertThat(shared.allUpstreams()).isFalse();
        assertThat(check.out).isEqualTo("banyan sidecar web: configuration OK (upstreams {}, through the shared"
                + " outbound port [billing])\n");
        assertThat(twice.exitCode).isEqualTo(2);
        assertThat(twice.err).contains("upstream: billing given twice (expected: each service once, with one port"
                + " or none)");
    }

    @Test
    void badUpstreamIsOneLineExit2() {
        CliRun run = CliRun.run(Map.of(), "sidecar", "--service", "web", "--upstream", "orders:9001");

        assertThat(run.exitCode).as(run.err).isEqualTo(2);
        assertThat(run.err).isEqualTo(
                "banyan sidecar: upstream: 'orders:9001' (expected: SERVICE=PORT, port 1..65535, SERVICE, or '*')\n");
    }

    private SidecarSettings sidecar(Map<String, String> env, String... args) {
        Path yaml = null;
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--config")) {
                yaml = Path.of(args[i + 1]);
            }
        }
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
