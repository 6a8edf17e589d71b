package io.banyan.e2e.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code banyan sidecar} as a real process (this JVM's class path, {@code io.banyan.cli.BanyanMain}), so that it can
 * be sent a real SIGTERM. It binds port 0 for its admin, inbound and outbound ports and says which it got in its
 * "starting" log line, which {@link #start} waits for; its output goes to a file.
 */
public final class SidecarProcess implements AutoCloseable {

    private static final Pattern STARTING = Pattern.compile("sidecar \\S+ starting: admin 127\\.0\\.0\\.1:(\\d+),");

    private final ChildProcess process;
    private final int adminPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private SidecarProcess(ChildProcess process, int adminPort) {
        this.process = process;
        this.adminPort = adminPort;
    }

    /** Starts {@code banyan sidecar} with the admin, inbound and outbound ports, data dir and {@code options}. */
    public static SidecarProcess start(String... options) {
        ChildProcess process = ChildProcess.start("sidecar", List.of(), dir -> {
            List<String> arguments = new ArrayList<>(List.of("sidecar",
                    "--admin-port", "0", "--inbound-port", "0", "--outbound-port", "0",
                    "--data-dir", dir.resolve("data").toString()));
            arguments.addAll(List.of(options));
            return arguments;
        });
        // the admin port the process bound, from its line "sidecar SERVICE starting: admin 127.0.0.1:PORT, ..."
        int adminPort = Integer.parseInt(process.awaitLine(STARTING, "the sidecar's starting line",
                Duration.ofSeconds(60)).group(1));
        return new SidecarProcess(process, adminPort);
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
        process.terminate();
    }

    /** SIGKILL, as if the pod died: the kernel closes every socket at once; nothing deregisters. */
    public void kill() throws InterruptedException {
        process.kill();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Everything it printed to stderr so far: its process log and startup lines. */
    public String output() {
        return process.output();
    }

    /** Everything it printed to stdout so far: its access log (by default). */
    public String stdout() {
        return process.stdout();
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
