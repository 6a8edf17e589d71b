package io.banyan.e2e;

import io.banyan.e2e.support.ControlPlaneExtension;
import io.banyan.e2e.support.MeshClient;
import io.banyan.e2e.support.SidecarExtension;
import io.banyan.sidecar.Sidecar;
import io.banyan.testkit.upstream.AppUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The shared outbound port routes by Host to the named service, over the whole mesh path. */
class HostRoutingIT {

    @RegisterExtension
    final ControlPlaneExtension controlPlane = new ControlPlaneExtension();
    @RegisterExtension
    final SidecarExtension sidecars = new SidecarExtension(controlPlane);

    @Test
    void hostHeaderPicksTheServiceOnTheSharedOutboundPort() throws IOException {
        try (AppUpstream orders = AppUpstream.start("orders-1");
             AppUpstream payments = AppUpstream.start("payments-1")) {
            sidecars.forApp("orders", orders.port(), Duration.ofSeconds(10));
            sidecars.forApp("payments", payments.port(), Duration.ofSeconds(10));
            Sidecar web = sidecars.client("web");
            await().atMost(Duration.ofSeconds(15)).until(() -> MeshClient.endpointCount(web, "orders") == 1
                    && MeshClient.endpointCount(web, "payments") == 1);

            assertThat(get(web.outboundPort(), "orders")).startsWith("HTTP/1.1 200").endsWith("orders-1");
            assertThat(get(web.outboundPort(), "payments:8080")).startsWith("HTTP/1.1 200").endsWith("payments-1");
            assertThat(get(web.outboundPort(), "unknown")).startsWith("HTTP/1.1 404").contains("x-banyan-error: no_route");
            assertThat(orders.requests()).isEqualTo(1);
            assertThat(payments.requests()).isEqualTo(1);
        }
    }

    /** A plain HTTP/1.1 request with the given Host, as an app would send; returns the whole response. */
    private static String get(int port, String host) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /things HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            StringBuilder response = new StringBuilder();
            for (String line; (line = in.readLine()) != null; ) {
                response.append(line).append('\n');
            }
            return response.toString().strip();
        }
    }
}
