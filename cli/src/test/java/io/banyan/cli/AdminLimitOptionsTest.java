package io.banyan.cli;

import io.banyan.adminserver.AdminLimits;
import io.banyan.cli.controlplane.ControlPlaneCommand;
import io.banyan.cli.options.ConfigFile;
import io.banyan.cli.options.OptionSources;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The --admin-max-connections, --admin-header-timeout and --admin-idle-timeout options of {@code banyan control-plane}. */
class AdminLimitOptionsTest {

    @Test
    void withoutOptionsTheLimitsAreTheRecordsDefaults() {
        assertThat(controlPlane(Map.of()).adminLimits()).isEqualTo(AdminLimits.DEFAULT);
    }

    @Test
    void flagsAndEnvironmentSetTheLimits() {
        AdminLimits limits = controlPlane(Map.of("BANYAN_ADMIN_IDLE_TIMEOUT", "2m"),
                "--admin-max-connections", "8", "--admin-header-timeout", "3s").adminLimits();

        assertThat(limits).isEqualTo(new AdminLimits(8, Duration.ofSeconds(3), Duration.ofMinutes(2)));
    }

    @Test
    void badValuesAreOneLineExit2NamingTheOption() {
        CliRun zero = CliRun.run(Map.of(), "control-plane", "--admin-max-connections", "0");
        CliRun tooShort = CliRun.run(Map.of(), "control-plane", "--admin-header-timeout", "5ms");

        assertThat(zero.exitCode).isEqualTo(2);
        assertThat(zero.err).isEqualTo("banyan control-plane: admin-max-connections: '0' (expected: an integer >= 1)\n");
        assertThat(tooShort.exitCode).isEqualTo(2);
        assertThat(tooShort.err).isEqualTo("banyan control-plane: admin-header-timeout: 5ms (expected: at least 10ms)\n");
    }

    private static io.banyan.controlplane.ControlPlaneSettings controlPlane(Map<String, String> env, String... args) {
        ControlPlaneCommand command = new ControlPlaneCommand();
        CommandLine commandLine = new CommandLine(command);
        commandLine.setDefaultValueProvider(new OptionSources(env, ConfigFile.empty()));
        commandLine.parseArgs(args);
        return command.settings();
    }
}
