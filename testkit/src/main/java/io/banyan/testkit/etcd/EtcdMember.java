package io.banyan.testkit.etcd;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One etcd process of an {@link EtcdCluster}: its name, ports, data directory and log file. */
final class EtcdMember {

    private final String name;
    private final int clientPort;
    private final int peerPort;
    private final int metricsPort;
    private final EtcdTls tls;
    private final Path dataDir;
    private final Path logFile;
    private Process process;

    EtcdMember(String name, int clientPort, int peerPort, int metricsPort, EtcdTls tls, Path dataDir, Path logFile) {
        this.name = name;
        this.clientPort = clientPort;
        this.peerPort = peerPort;
        this.metricsPort = metricsPort;
        this.tls = tls;
        this.dataDir = dataDir;
        this.logFile = logFile;
    }

    String name() {
        return name;
    }

    /** What clients dial: {@code http://127.0.0.1:PORT}, or {@code https://localhost:PORT} with TLS. */
    String clientUrl() {
        return tls == null ? "http://127.0.0.1:" + clientPort : "https://localhost:" + clientPort;
    }

    /** Plain HTTP {@code /health} and {@code /metrics}, whatever the client URLs require. */
    String metricsUrl() {
        return "http://127.0.0.1:" + metricsPort;
    }

    String peerUrl() {
        return "http://127.0.0.1:" + peerPort;
    }

    /** Starts the process (a restart reuses the data directory: etcd then ignores the initial-cluster flags). */
    synchronized void start(String initialCluster, String clusterToken) throws IOException {
        List<String> command = new ArrayList<>(List.of(EtcdCluster.BINARY,
                "--name", name,
                "--data-dir", dataDir.toString(),
                "--listen-client-urls", (tls == null ? "http" : "https") + "://127.0.0.1:" + clientPort,
                "--listen-metrics-urls", metricsUrl(),
                "--advertise-client-urls", clientUrl(),
                "--listen-peer-urls", peerUrl(),
                "--initial-advertise-peer-urls", peerUrl(),
                "--initial-cluster", initialCluster,
                "--initial-cluster-token", clusterToken,
                "--initial-cluster-state", "new",
                // elections in a test take a fraction of a second, not the production defaults' seconds
                "--heartbeat-interval", "50",
                "--election-timeout", "500"));
        if (tls != null) {
            command.addAll(tls.flags());
        }
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
    }

    synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL, then waits for the process to be gone. */
    synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    Path logFile() {
        return logFile;
    }
}
