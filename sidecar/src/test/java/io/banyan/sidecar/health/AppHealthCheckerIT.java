package io.banyan.sidecar.health;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The checker against a real local HTTP app whose health the test switches. */
class AppHealthCheckerIT {

    private static final int HANG = -1;

    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicInteger requests = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<Boolean> transitions = new CopyOnWriteArrayList<>();
    private HttpServer app;
    private ExecutorService appThreads;
    private ScheduledExecutorService scheduler;

    @BeforeEach
    void startApp() throws IOException {
        appThreads = Executors.newCachedThreadPool();
        app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        app.setExecutor(appThreads);
        app.createContext("/health", exchange -> {
            requests.incrementAndGet();
            int code = status.get();
            if (code == HANG) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                code = 200;
            }
            exchange.sendResponseHeaders(code, -1);
            exchange.close();
        });
        app.start();
        scheduler = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void stop() {
        release.countDown();
        app.stop(0);
        appThreads.shutdownNow();
        scheduler.shutdownNow();
    }

    private AppHealthChecker checker(HealthCheckConfig config) {
        AppHealthChecker checker = AppHealthChecker.http(config, scheduler);
        checker.addListener(transitions::add);
        return checker;
    }

    private HealthCheckConfig config() {
        return HealthCheckConfig.forLocalApp(app.getAddress().getPort(), "/health");
    }

    @Test
    void defaultThresholdsIgnoreOneBlipAndFlipOnTwoFailures() {
        AppHealthChecker checker = checker(config());

        assertThat(checker.checkNow().join()).as("200 makes it healthy at once").isTrue();
        status.set(500);
        assertThat(checker.checkNow().join()).as("one 500 is a blip").isTrue();
        assertThat(checker.checkNow().join()).as("two 500s in a row").isFalse();
        assertThat(checker.lastResult().detail()).isEqualTo("status 500");
        status.set(204);
        assertThat(checker.checkNow().join()).as("any 2xx").isTrue();

        assertThat(transitions).containsExactly(true, false, true);
        assertThat(requests).hasValue(4);
    }

    @Test
    void healthyThresholdNeedsConsecutiveSuccesses() {
        AppHealthChecker checker = checker(config().withThresholds(3, 1));

        assertThat(checker.checkNow().join()).isFalse();
        assertThat(checker.checkNow().join()).isFalse();
        assertThat(checker.checkNow().join()).isTrue();
        status.set(302);
        assertThat(checker.checkNow().join()).as("a redirect is not healthy").isFalse();

        assertThat(transitions).containsExactly(true, false);
    }

    @Test
    void noAnswerWithinTheTimeoutIsAFailure() {
        AppHealthChecker checker = checker(config().withThresholds(1, 1).withTimeout(Duration.ofMillis(300)));
        checker.checkNow().join();
        status.set(HANG);

        assertThat(checker.checkNow().join()).isFalse();
        assertThat(checker.lastResult().detail()).contains("no answer within PT0.3S");
        assertThat(transitions).containsExactly(true, false);
    }

    @Test
    void aClosedPortIsAFailure() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        AppHealthChecker checker = checker(HealthCheckConfig.forLocalApp(closedPort, "/health").withThresholds(1, 1));

        assertThat(checker.checkNow().join()).isFalse();
        assertThat(checker.lastResult().success()).isFalse();
        assertThat(transitions).isEmpty();
    }

    @Test
    void periodicChecksFollowTheAppUntilClosed() {
        AppHealthChecker checker = checker(config().withInterval(Duration.ofMillis(50)));
        checker.start();

        await().atMost(Duration.ofSeconds(5)).until(checker::isHealthy);
        status.set(503);
        await().atMost(Duration.ofSeconds(5)).until(() -> !checker.isHealthy());
        status.set(200);
        await().atMost(Duration.ofSeconds(5)).until(checker::isHealthy);
        assertThat(transitions).containsExactly(true, false, true);

        checker.close();
        int afterClose = requests.get();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> requests.get() <= afterClose + 1);
    }
}
