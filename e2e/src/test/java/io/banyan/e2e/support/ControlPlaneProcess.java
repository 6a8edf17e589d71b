package io.banyan.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * {@code banyan control-plane} as a real process (this JVM's class path, {@code io.banyan.cli.BanyanMain}), so that
 * it can be killed with SIGKILL as a machine that dies. It binds port 0 for its admin API and gRPC endpoint and says
 * which it got in its "control plane up" line, which {@link #start} waits for; its output goes to a file.
 */
public final class ControlPlaneProcess implements AutoCloseable {

    private static final Pattern UP = Pattern.compile(
            "control plane up: admin API on 127\\.0\\.0\\.1:(\\d+), xDS and CA \\(TLS\\) on 127\\.0\\.0\\.1:(\\d+)");

    private final Process process;
    private final Path dir;
    private final Path output;
    private final int adminPort;
    private final int xdsPort;

    private ControlPlaneProcess(Process process, Path dir, Path output, int adminPort, int xdsPort) {
        this.process = process;
        this.dir = dir;
        this.output = output;
        this.adminPort = adminPort;
        this.xdsPort = xdsPort;
    }

    /**
     * Starts {@code banyan control-plane} on 127.0.0.1 with free ports, its own data directory, the test admin token
     * and {@code options}; returns once it serves.
     */
    public static ControlPlaneProcess start(String... options) {
        try {
            Path dir = Files.createTempDirectory("banyan-cp-process-");
            Path output = dir.resolve("output.log");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                    "-cp", System.getProperty("java.class.path"), "io.banyan.cli.BanyanMain", "control-plane",
                    "--bind-address", "127.0.0.1", "--admin-port", "0", "--xds-port", "0",
                    "--data-dir", dir.resolve("data").toString(),
                    "--admin-token", ControlPlaneExtension.ADMIN_TOKEN));
            command.addAll(List.of(options));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            // a test JVM that dies (a fork killed at its timeout) takes its control plane with it
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "control-plane-process-reaper"));
            int[] ports = boundPorts(process, output);
            return new ControlPlaneProcess(process, dir, output, ports[0], ports[1]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int[] boundPorts(Process process, Path output) {
        int[] ports = new int[2];
        await("the control plane's 'up' line in " + output).atMost(Duration.ofSeconds(90)).until(() -> {
            Matcher up = UP.matcher(Files.readString(output, StandardCharsets.UTF_8));
            if (up.find()) {
                ports[0] = Integer.parseInt(up.group(1));
                ports[1] = Integer.parseInt(up.group(2));
                return true;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("control plane exited with " + process.exitValue() + ": "
                        + Files.readString(output, StandardCharsets.UTF_8));
            }
            return false;
        });
        return ports;
    }

    public AdminClient admin() {
        return new AdminClient("http://127.0.0.1:" + adminPort, ControlPlaneExtension.ADMIN_TOKEN);
    }

    /** host:port of the gRPC endpoint (xDS, registration, CA), for {@code --control-plane}. */
    public String grpcAddress() {
        return "127.0.0.1:" + xdsPort;
    }

    public int adminPort() {
        return adminPort;
    }

    /** SIGKILL, as if the machine died: every socket closes at once, nothing is handed over. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, as an orchestrator stopping it; waits for the exit. */
    public void terminate() throws InterruptedException {
        process.destroy();
        process.waitFor(30, TimeUnit.SECONDS);
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
