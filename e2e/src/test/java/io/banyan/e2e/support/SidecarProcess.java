package io.banyan.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code banyan sidecar} as a real process (this JVM's class path, {@code io.banyan.cli.BanyanMain}), so that it can
 * be sent a real SIGTERM. Its ports are picked before it starts; its output goes to a file.
 */
public final class SidecarProcess implements AutoCloseable {

    private final Process process;
    private final Path dir;
    private final Path output;
    private final int adminPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private SidecarProcess(Process process, Path dir, Path output, int adminPort) {
        this.process = process;
        this.dir = dir;
        this.output = output;
        this.adminPort = adminPort;
    }

    /** Starts {@code banyan sidecar} with the admin, inbound and outbound ports, data dir and {@code options}. */
    public static SidecarProcess start(String... options) {
        try {
            Path dir = Files.createTempDirectory("banyan-sidecar-process-");
            Path output = dir.resolve("output.log");
            int adminPort = FreePorts.pick();
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "io.banyan.cli.BanyanMain", "sidecar",
                    "--admin-port", Integer.toString(adminPort), "--inbound-port", Integer.toString(FreePorts.pick()),
                    "--outbound-port", Integer.toString(FreePorts.pick()), "--data-dir", dir.resolve("data").toString()));
            command.addAll(List.of(options));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            // a test JVM that dies (a fork killed at its timeout) takes its sidecar with it
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "sidecar-process-reaper"));
            return new SidecarProcess(process, dir, output, adminPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int adminPort() {
        return adminPort;
    }

    /** The status of {@code GET /ready}; -1 while (or once) nothing answers on the admin port. */
    public int readyStatus() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Sends SIGTERM, as an orchestrator stopping the pod does. */
    public void terminate() {
        process.destroy();
    }

    /** SIGKILL, as if the pod died: the kernel closes every socket at once; nothing deregisters. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Everything it printed so far. */
    public String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        ControlPlaneExtension.deleteRecursively(dir);
    }
}
