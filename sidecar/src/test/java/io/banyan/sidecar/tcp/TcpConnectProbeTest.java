package io.banyan.sidecar.tcp;

import io.banyan.sidecar.health.ProbeResult;
import io.banyan.testkit.net.ClosedPorts;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class TcpConnectProbeTest {

    @Test
    void aListeningPortIsHealthyAndAClosedOneIsNot() throws Exception {
        try (ServerSocket app = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ProbeResult up = new TcpConnectProbe("127.0.0.1", app.getLocalPort(), Duration.ofSeconds(2)).probe()
                    .get(5, TimeUnit.SECONDS);
            assertThat(up.success()).as(up.detail()).isTrue();
        }
        int closedPort = ClosedPorts.pick();

        ProbeResult down = new TcpConnectProbe("127.0.0.1", closedPort, Duration.ofSeconds(2)).probe()
                .get(5, TimeUnit.SECONDS);

        assertThat(down.success()).isFalse();
        assertThat(down.detail()).startsWith("connect to port " + closedPort);
    }
}
