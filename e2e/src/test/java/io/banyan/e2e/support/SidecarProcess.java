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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * {@code banyan sidecar} as a real process (this JVM's class path, {@code io.banyan.cli.BanyanMain}), so that it can
 * be sent a real SIGTERM. It binds port 0 for its admin, inbound and outbound ports and says which it got in its
 * "starting" log line, which {@link #start} waits for; its output goes to a file.
 */
public final class SidecarProcess implements AutoCloseable {

    private static final Pattern STARTING = Pattern.compile("sidecar \\S+ starting: admin 127\\.0\\.0\\.1:(\\d+),");

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
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "io.banyan.cli.BanyanMain", "sidecar",
                    "--admin-port", "0", "--inbound-port", "0", "--outbound-port", "0",
                    "--data-dir", dir.resolve("data").toString()));
            command.addAll(List.of(options));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            // a test JVM that dies (a fork killed at its timeout) takes its sidecar with it
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "sidecar-process-reaper"));
            return new SidecarProcess(process, dir, output, boundAdminPort(process, output));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The admin port the process bound, from its line "sidecar SERVICE starting: admin 127.0.0.1:PORT, ...". */
    private static int boundAdminPort(Process process, Path output) {
        AtomicInteger port = new AtomicInteger();
        await("the sidecar's starting line in " + output).atMost(Duration.ofSeconds(60)).until(() -> {
            Matcher starting = STARTING.matcher(Files.readString(output, StandardCharsets.UTF_8));
            if (starting.find()) {
                port.set(Integer.parseInt(starting.group(1)));
                return true;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("sidecar exited with " + process.exitValue() + ": "
                        + Files.readString(output, StandardCharsets.UTF_8));
            }
            return false;
        });
        return port.get();
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
