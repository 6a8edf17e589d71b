package io.banyan.sidecar;

import io.banyan.sidecar.tls.CertificateFiles;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GatewaySettingsTest {

    private static final List<CertificateFiles> NONE = List.of();

    @Test
    void listenIsAnIpAndAPort_ipv6InBrackets() {
        GatewaySettings any = GatewaySettings.parseListen("0.0.0.0:8080", NONE, null);
        GatewaySettings v6 = GatewaySettings.parseListen("[::]:8443", NONE, Duration.ofSeconds(1));

        assertThat(any.listenAddress()).isEqualTo("0.0.0.0");
        assertThat(any.listenPort()).isEqualTo(8080);
        assertThat(any.certificateReload()).isEqualTo(GatewaySettings.DEFAULT_CERTIFICATE_RELOAD);
        assertThat(any.tls()).isFalse();
        assertThat(v6.listenAddress()).isEqualTo("::");
        assertThat(v6.listenPort()).isEqualTo(8443);
    }

    @Test
    void aBadListenNamesTheFieldAndWhatWasExpected() {
        assertThatThrownBy(() -> GatewaySettings.parseListen("8080", NONE, null))
                .hasMessage("listen: '8080' (expected: IP:PORT, e.g. 0.0.0.0:8080 or [::]:8443, port 0..65535)");
        assertThatThrownBy(() -> GatewaySettings.parseListen("edge.example.com:8080", NONE, null))
                .hasMessage("listen: 'edge.example.com' (expected: an IP address, e.g. 0.0.0.0)");
        assertThatThrownBy(() -> GatewaySettings.parseListen("0.0.0.0:80.5", NONE, null))
                .hasMessageStartingWith("listen: '0.0.0.0:80.5' (expected: IP:PORT");
        assertThatThrownBy(() -> GatewaySettings.parseListen("0.0.0.0:70000", NONE, null))
                .hasMessage("listen: port 70000 (expected: 0..65535)");
        assertThatThrownBy(() -> GatewaySettings.parseListen("0.0.0.0:80", NONE, Duration.ZERO))
                .hasMessageStartingWith("tls-reload-interval: ");
    }

    @Test
    void aGatewayHasNoAppAndNoUpstreamPorts() {
        GatewaySettings listen = GatewaySettings.plaintext("0.0.0.0", 8080);
        SidecarSettings.Builder edge = SidecarSettings.builder("edge", "127.0.0.1:15010", Path.of("data"))
                .gateway(listen);

        assertThat(edge.build().isGateway()).isTrue();
        assertThat(edge.build().toBuilder().build().gateway()).isEqualTo(listen);
        assertThatThrownBy(() -> edge.appPort(8080).build())
                .hasMessage("app-port: 8080 (expected: none for a gateway: it has no app)");
        assertThatThrownBy(() -> edge.appPort(0).upstreams(Map.of("orders", 9001)).build())
                .hasMessage("upstream: [orders] (expected: none for a gateway: its routes come from the control plane)");
        assertThatThrownBy(() -> edge.appPort(0).upstreams(Map.of()).allUpstreams(true).build())
                .hasMessage("upstream: '*' (expected: none for a gateway: it receives every service already)");
    }
}
