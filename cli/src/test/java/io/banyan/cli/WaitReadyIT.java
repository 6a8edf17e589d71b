package io.banyan.cli;

import io.banyan.dataplane.config.MeshConfig;
import io.banyan.sidecar.admin.AdminAccess;
import io.banyan.sidecar.admin.AdminServer;
import io.banyan.sidecar.admin.AdminSources;
import io.banyan.sidecar.admin.Readiness;
import io.banyan.testkit.net.ClosedPorts;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code banyan wait-ready} against a real sidecar admin server whose readiness the test turns on: it waits while
 * /ready answers 503, exits 0 once it answers 200; at the timeout it exits 1 with the last answer (or the connection
 * error) on one line; bad options exit 2.
 */
class WaitReadyIT {

    private final AtomicBoolean ready = new AtomicBoolean();
    private final AtomicInteger polls = new AtomicInteger();
    private PrometheusMeterRegistry meters;
    private AdminServer admin;
    private int port;

    @BeforeEach
    void startAdmin() throws Exception {
        meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Readiness readiness = Readiness.of(() -> {
            polls.incrementAndGet();
            return ready.get();
        }, "waiting for the first configuration from the control plane");
        admin = new AdminServer("127.0.0.1", 0, new AdminSources(readiness, meters, () -> MeshConfig.EMPTY,
                null, null, () -> { }), AdminAccess.localOnly());
        port = admin.start();
    }

    @AfterEach
    void stopAdmin() {
        admin.close();
        meters.close();
    }

    @Test
    void waitsWhileNotReady_exits0OnceReady() throws Exception {
        CompletableFuture<CliRun> run = CompletableFuture.supplyAsync(() ->
                CliRun.run(Map.of(), "wait-ready", "--admin", "127.0.0.1:" + port, "--timeout", "60s"));

        await().atMost(Duration.ofSeconds(30)).until(() -> polls.get() >= 3); // polled, answered 503, polled again
        assertThat(run).isNotDone();
        ready.set(true);

        CliRun done = run.get(30, TimeUnit.SECONDS);
        assertThat(done.exitCode).as(done.err).isZero();
        assertThat(done.out).isEqualTo("127.0.0.1:" + port + " ready: 'ready'\n");
        assertThat(done.err).isEmpty();
    }

    @Test
    void neverReady_exits1AtTheTimeoutWithTheLastAnswerOnOneLine() {
        CliRun run = CliRun.run(Map.of(), "wait-ready", "--admin", "127.0.0.1:" + port, "--timeout", "300ms");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err).startsWith("banyan wait-ready: 127.0.0.1:" + port + " not ready after 300ms (")
                .endsWith(" polls): last answer 503 'waiting for the first configuration from the control plane'\n");
        assertThat(run.err.lines()).hasSize(1);
        assertThat(polls.get()).isGreaterThanOrEqualTo(1);
        assertThat(run.out).isEmpty();
    }

    @Test
    void nothingListening_exits1NamingTheConnectionFailure() {
        int closed = ClosedPorts.pick();

        CliRun run = CliRun.run(Map.of(), "wait-ready", "--admin", "127.0.0.1:" + closed, "--timeout", "200ms");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err).startsWith("banyan wait-ready: 127.0.0.1:" + closed + " not ready after 200ms (")
                .contains("cannot connect");
        assertThat(run.err.lines()).hasSize(1);
    }

    @Test
    void badAddressOrTimeout_exit2NamingTheOption() {
        CliRun noPort = CliRun.run(Map.of(), "wait-ready", "--admin", "localhost");
        CliRun badPort = CliRun.run(Map.of(), "wait-ready", "--admin", "127.0.0.1:99999");
        CliRun url = CliRun.run(Map.of(), "wait-ready", "--admin", "http://127.0.0.1:15000");
        CliRun badTimeout = CliRun.run(Map.of(), "wait-ready", "--timeout", "soon");
        CliRun fromEnv = CliRun.run(Map.of("BANYAN_ADMIN", "nowhere"), "wait-ready");

        assertThat(noPort.exitCode).isEqualTo(2);
        assertThat(noPort.err).isEqualTo("banyan wait-ready: admin: 'localhost' (expected: HOST:PORT, e.g. "
                + "127.0.0.1:15000)\n");
        assertThat(badPort.exitCode).isEqualTo(2);
        assertThat(badPort.err).contains("admin: '127.0.0.1:99999'");
        assertThat(url.exitCode).isEqualTo(2);
        assertThat(url.err).contains("admin: 'http://127.0.0.1:15000'");
        assertThat(badTimeout.exitCode).isEqualTo(2);
        assertThat(badTimeout.err).startsWith("banyan wait-ready: ").contains("timeout").contains("soon");
        assertThat(badTimeout.err.lines()).hasSize(1);
        assertThat(fromEnv.exitCode).isEqualTo(2);
        assertThat(fromEnv.err).contains("admin: 'nowhere'");
    }
}
