package io.banyan.sidecar.listener;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs a real client program (curl, h2load) to its end and hands back what it printed. */
final class Commands {

    private Commands() {
    }

    /** The lines {@code command} printed (stdout and stderr); fails the test when it does not exit within 30 s. */
    static List<String> run(String... command) throws IOException, InterruptedException {
        Path output = Files.createTempFile("client", ".out");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            boolean exited = process.waitFor(30, TimeUnit.SECONDS);
            if (!exited) {
                process.destroyForcibly();
            }
            List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
            assertThat(exited).as("%s exited; output: %s", command[0], lines).isTrue();
            return lines;
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
