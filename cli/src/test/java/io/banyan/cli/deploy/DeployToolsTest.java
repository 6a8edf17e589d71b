package io.banyan.cli.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The compose file and the systemd units through the tools that read them: {@code docker-compose config} and
 * {@code systemd-analyze verify} (each skipped, saying why, where the tool is not installed; .ci/run installs both),
 * and the units' stop timeout and memory cap against the drain and the measured peak RSS.
 */
class DeployToolsTest {

    private static final Pattern UNIT_KEY = Pattern.compile("(?m)^(\\w+)=(.*)$");

    @TempDir
    Path dir;

    @Test
    void dockerComposeAcceptsTheComposeFile() throws Exception {
        Optional<Path> compose = onPath("docker-compose");
        assumeTrue(compose.isPresent(), "docker-compose is not installed (Debian package docker-compose)");
        for (Path file : DeployFiles.under(DeployFiles.DOCKER, ".yml")) {
            Result result = run(compose.get().toString(), "-f", file.toString(), "config", "-q");
            assertThat(result.exit).as(DeployFiles.name(file) + ": " + result.output).isZero();
            assertThat(result.output).as(DeployFiles.name(file)).isBlank();
        }
    }

    @Test
    void systemdAnalyzeVerifiesTheUnitsWithoutAWarning() throws Exception {
        Optional<Path> analyze = onPath("systemd-analyze");
        assumeTrue(analyze.isPresent(), "systemd-analyze is not installed (Debian package systemd)");
        List<String> units = new ArrayList<>();
        for (Path unit : DeployFiles.under(DeployFiles.SYSTEMD, ".service")) {
            // verify checks that ExecStart's program exists: point it at the repository's launcher.
            String text = DeployFiles.read(unit).replace(DeployProcesses.launcherPath(), DeployFiles.LAUNCHER.toString());
            Files.writeString(dir.resolve(unit.getFileName()), text, StandardCharsets.UTF_8);
            units.add(unit.getFileName().toString().replace("@.service", "@orders.service"));
        }
        assertThat(units).contains("banyan-control-plane.service", "banyan-sidecar@orders.service");
        List<String> command = new ArrayList<>(List.of(analyze.get().toString(), "verify", "--man=no"));
        units.forEach(unit -> command.add(dir.resolve(unit).toString()));
        Result result = run(command.toArray(String[]::new));
        assertThat(result.exit).as(result.output).isZero();
        assertThat(result.output.lines().filter(line -> line.contains("banyan"))).as("warnings about the units")
                .isEmpty();
    }

    @Test
    void theUnitsStopTimeoutCoversTheDrainAndTheirMemoryCapTheMeasuredPeak() {
        List<String> wrong = new ArrayList<>();
        for (DeployProcesses.Process process : DeployProcesses.read().processes()) {
            if (!process.where().startsWith("deploy/systemd/")) {
                continue;
            }
            Path unit = DeployFiles.SYSTEMD.resolve(process.where().substring("deploy/systemd/".length())
                    .replaceFirst(" instance .*", ""));
            String text = DeployFiles.read(unit);
            String command = process.args().get(0);
            long memoryMax = bytes(key(text, "MemoryMax").orElse("infinity"));
            if (memoryMax < MeasuredMemory.peakBytes(command)) {
                wrong.add(process.where() + ": MemoryMax below the measured peak RSS of " + command);
            }
            if (command.equals("sidecar") || command.equals("gateway")) {
                Drain drain = Drain.of(command, process.env()::get);
                Duration stop = Duration.ofSeconds(Long.parseLong(key(text, "TimeoutStopSec").orElse("90")));
                if (stop.compareTo(drain.total()) < 0) {
                    wrong.add(process.where() + ": TimeoutStopSec " + stop.toSeconds() + " < drain delay "
                            + drain.delay().toSeconds() + " s + drain timeout " + drain.timeout().toSeconds() + " s");
                }
                if (!key(text, "SuccessExitStatus").orElse("").contains("143")) {
                    wrong.add(process.where() + ": a stop (SIGTERM, exit 143) would count as a failure "
                            + "(expected: SuccessExitStatus=143)");
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    private static Optional<String> key(String unit, String key) {
        Matcher matcher = UNIT_KEY.matcher(unit);
        while (matcher.find()) {
            if (matcher.group(1).equals(key)) {
                return Optional.of(matcher.group(2).strip());
            }
        }
        return Optional.empty();
    }

    /** A systemd size: bytes, or K/M/G (powers of 1024), or infinity. */
    private static long bytes(String size) {
        if (size.equals("infinity")) {
            return Long.MAX_VALUE;
        }
        char unit = size.charAt(size.length() - 1);
        int shift = "KMGT".indexOf(unit);
        return shift < 0 ? Long.parseLong(size)
                : Long.parseLong(size.substring(0, size.length() - 1)) << (10 * (shift + 1));
    }

    private static Optional<Path> onPath(String program) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                .map(entry -> Path.of(entry, program)).filter(Files::isExecutable).findFirst();
    }

    private record Result(int exit, String output) {
    }

    private static Result run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as(String.join(" ", command) + " ended").isTrue();
        return new Result(process.exitValue(), output);
    }
}
