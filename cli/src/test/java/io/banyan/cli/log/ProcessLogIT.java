package io.banyan.cli.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The launcher's entry point ({@code io.banyan.cli.BanyanMain}) as a real process: {@code --log-format json} makes
 * every line the control plane logs on stderr a JSON object, from the first (logged after the options are parsed);
 * without it, lines are text. Its stdout (the command's own summary) is not the log.
 */
class ProcessLogIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private Process process;

    @AfterEach
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private Path controlPlane(String... logOptions) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "io.banyan.cli.BanyanMain", "control-plane",
                "--bind-address", "127.0.0.1", "--admin-port", "0", "--xds-port", "0", "--admin-token", "t",
                "--data-dir", dir.resolve("data").toString()));
        command.addAll(List.of(logOptions));
        Path stderr = dir.resolve("stderr.log");
        process = new ProcessBuilder(command).redirectError(stderr.toFile())
                .redirectOutput(dir.resolve("stdout.log").toFile()).start();
        await("the control plane's 'up' line").atMost(Duration.ofSeconds(90)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("exited " + process.exitValue() + ": " + Files.readString(stderr));
            }
            return Files.readString(stderr, StandardCharsets.UTF_8).contains("control plane up: ");
        });
        return stderr;
    }

    @Test
    void jsonMakesEveryLogLineAnObject() throws Exception {
        Path stderr = controlPlane("--log-format", "json");

        List<String> lines = Files.readAllLines(stderr, StandardCharsets.UTF_8);
        assertThat(lines).isNotEmpty();
        JsonNode up = null;
        for (String line : lines) {
            JsonNode json = JSON.readTree(line);
            assertThat(json.isObject()).as(line).isTrue();
            assertThat(json.get("time").asText()).as(line).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
            assertThat(json.has("level") && json.has("logger") && json.has("thread")).as(line).isTrue();
            if (json.get("message").asText().startsWith("control plane up: ")) {
                up = json;
            }
        }
        assertThat(up).isNotNull();
        assertThat(up.get("level").asText()).isEqualTo("INFO");
        assertThat(Files.readString(dir.resolve("stdout.log"))).doesNotContain("\"level\"");
    }

    @Test
    void textIsTheDefault() throws Exception {
        Path stderr = controlPlane("--log-level", "info");

        String up = Files.readAllLines(stderr, StandardCharsets.UTF_8).stream()
                .filter(line -> line.contains("control plane up: ")).findFirst().orElseThrow();
        assertThat(up).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z INFO  \\[.+] \\S+ - control plane up: .*");
    }
}
