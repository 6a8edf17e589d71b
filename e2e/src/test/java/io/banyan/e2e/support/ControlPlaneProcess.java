package io.banyan.e2e.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code banyan control-plane} as a real process (this JVM's class path, {@code io.banyan.cli.BanyanMain}), so that
 * it can be killed with SIGKILL as a machine that dies. It binds port 0 for its admin API and gRPC endpoint and says
 * which it got in its "control plane up" line, which {@link #start} waits for; its output goes to a file.
 */
public final class ControlPlaneProcess implements AutoCloseable {

    private static final Pattern UP = Pattern.compile(
            "control plane up: admin API on 127\\.0\\.0\\.1:(\\d+), xDS and CA \\(TLS\\) on 127\\.0\\.0\\.1:(\\d+)");

    private final ChildProcess process;
    private final int adminPort;
    private final int xdsPort;

    private ControlPlaneProcess(ChildProcess process, int adminPort, int xdsPort) {
        this.process = process;
        this.adminPort = adminPort;
        this.xdsPort = xdsPort;
    }

    /**
     * Starts {@code banyan control-plane} on 127.0.0.1 with free ports, its own data directory, the test admin token
     * and {@code options}; returns once it serves.
     */
    public static ControlPlaneProcess start(String... options) {
        ChildProcess process = ChildProcess.start("control-plane", List.of("-Xmx256m"), dir -> {
            List<String> arguments = new ArrayList<>(List.of("control-plane",
                    "--bind-address", "127.0.0.1", "--admin-port", "0", "--xds-port", "0",
                    "--data-dir", dir.resolve("data").toString(),
                    "--admin-token", ControlPlaneExtension.ADMIN_TOKEN));
            arguments.addAll(List.of(options));
            return arguments;
        });
        Matcher up = process.awaitLine(UP, "the control plane's 'up' line", Duration.ofSeconds(90));
        return new ControlPlaneProcess(process, Integer.parseInt(up.group(1)), Integer.parseInt(up.group(2)));
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
        process.kill();
    }

    /** SIGTERM, as an orchestrator stopping it; waits for the exit. */
    public void terminate() throws InterruptedException {
        process.terminate();
        process.awaitExit();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Everything it printed so far. */
    public String output() {
        return process.output();
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
