package io.banyan.sidecar.health;

import io.banyan.testkit.netty.EventLoopGroupExtension;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Netty HTTP probe on a shared event loop group against raw local sockets that answer as the test says. */
class HttpHealthProbeIT {

    @RegisterExtension
    final EventLoopGroupExtension loops = new EventLoopGroupExtension();
    private ServerSocket app;
    private ExecutorService appThread;

    @BeforeEach
    void start() throws IOException {
        app = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        appThread = Executors.newSingleThreadExecutor();
    }

    @AfterEach
    void stop() throws Exception {
        app.close();
        appThread.shutdownNow();
    }

    /** Accepts one connection, reads the request head and hands it back; writes {@code answer} (null: nothing). */
    private CompletableFuture<String> answerOnce(String answer, boolean hang) {
        CompletableFuture<String> head = new CompletableFuture<>();
        appThread.execute(() -> {
            try (Socket socket = app.accept()) {
                StringBuilder text = new StringBuilder();
                var in = socket.getInputStream();
                while (text.indexOf("\r\n\r\n") < 0) {
                    int b = in.read();
                    if (b < 0) {
                        break;
                    }
                    text.append((char) b);
                }
                head.complete(text.toString());
                if (answer != null) {
                    socket.getOutputStream().write(answer.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    socket.getOutputStream().flush();
                }
                if (hang) {
                    in.read(); // until the probe closes the connection
                }
            } catch (IOException e) {
                head.completeExceptionally(e);
            }
        });
        return head;
    }

    private HttpHealthProbe probe(Duration timeout) {
        return new HttpHealthProbe(HealthCheckConfig.forLocalApp(app.getLocalPort(), "/health?deep=1")
                .withTimeout(timeout), loops.group(), NioSocketChannel.class);
    }

    @Test
    void a2xxIsASuccessAndTheRequestIsAPlainGet() throws Exception {
        CompletableFuture<String> head = answerOnce("HTTP/1.1 204 No Content\r\n\r\n", false);

        ProbeResult result = probe(Duration.ofSeconds(5)).probe().get(10, TimeUnit.SECONDS);

        assertThat(result.success()).isTrue();
        assertThat(result.detail()).isEqualTo("status 204");
        assertThat(head.get(10, TimeUnit.SECONDS))
                .startsWith("GET /health?deep=1 HTTP/1.1\r\n")
                .containsIgnoringCase("host: 127.0.0.1:" + app.getLocalPort())
                .containsIgnoringCase("connection: close")
                .containsIgnoringCase("user-agent: banyan-health-checker");
    }

    @Test
    void anotherStatusWithABodyIsAFailure() throws Exception {
        answerOnce("HTTP/1.1 503 Service Unavailable\r\ncontent-length: 4\r\n\r\ndown", false);

        ProbeResult result = probe(Duration.ofSeconds(5)).probe().get(10, TimeUnit.SECONDS);

        assertThat(result.success()).isFalse();
        assertThat(result.detail()).isEqualTo("status 503");
    }

    @Test
    void noResponseHeadWithinTheTimeoutIsAFailure() throws Exception {
        answerOnce(null, true);

        ProbeResult result = probe(Duration.ofMillis(200)).probe().get(10, TimeUnit.SECONDS);

        assertThat(result.success()).isFalse();
        assertThat(result.detail()).isEqualTo("no answer within PT0.2S");
    }

    @Test
    void aConnectionClosedWithoutAResponseIsAFailure() throws Exception {
        answerOnce(null, false);

        ProbeResult result = probe(Duration.ofSeconds(5)).probe().get(10, TimeUnit.SECONDS);

        assertThat(result.success()).isFalse();
        assertThat(result.detail()).isEqualTo("connection closed before a response");
    }

    @Test
    void aClosedPortIsAFailure() throws Exception {
        HttpHealthProbe probe = probe(Duration.ofSeconds(5));
        app.close();

        ProbeResult result = probe.probe().get(10, TimeUnit.SECONDS);

        assertThat(result.success()).isFalse();
        assertThat(result.detail()).containsIgnoringCase("connect");
    }

    @Test
    void groupAndChannelTypeComeTogether() {
        HealthCheckConfig config = HealthCheckConfig.forLocalApp(8080, "/health");

        assertThatThrownBy(() -> new HttpHealthProbe(config, loops.group(), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected: both or neither");
    }
}
