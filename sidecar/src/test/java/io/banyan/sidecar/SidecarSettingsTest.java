package io.banyan.sidecar;

import io.banyan.dataplane.config.AppProtocol;
import io.banyan.dataplane.config.ProtocolLimits;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SidecarSettingsTest {

    private static final String CONTROL_PLANE = "127.0.0.1:15010";
    private static final Path DATA = Path.of("data");

    private static SidecarSettings.Builder orders() {
        return SidecarSettings.builder("orders", CONTROL_PLANE, DATA);
    }

    @Test
    void theBuilderHoldsEveryDefault() {
        SidecarSettings settings = orders().build();

        assertThat(settings.service()).isEqualTo("orders");
        assertThat(settings.controlPlane()).isEqualTo(CONTROL_PLANE);
        assertThat(settings.dataDir()).isEqualTo(DATA);
        assertThat(settings.appPort()).isZero();
        assertThat(settings.hasApp()).isFalse();
        assertThat(settings.appHealthPath()).isEqualTo("/");
        assertThat(settings.upstreams()).isEmpty();
        assertThat(settings.token()).isEmpty();
        assertThat(settings.adminPort()).isEqualTo(15000);
        assertThat(settings.inboundPort()).isEqualTo(15006);
        assertThat(settings.outboundPort()).isEqualTo(15001);
        assertThat(settings.advertiseHost()).isEqualTo("127.0.0.1");
        assertThat(settings.zone()).isEmpty();
        assertThat(settings.version()).isEmpty();
        assertThat(settings.registrationTtl()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.trustDomain()).isEqualTo("mesh.local");
        assertThat(settings.appProtocol()).isEqualTo(AppProtocol.HTTP);
        assertThat(settings.limits()).isEqualTo(ProtocolLimits.DEFAULT);
        assertThat(settings.drainTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(settings.adminToken()).isEmpty();
    }

    @Test
    void absentOrEmptyOptionsKeepTheDefault() {
        SidecarSettings settings = orders().appHealthPath("").upstreams(null).token(null).advertiseHost("")
                .zone(null).version(null).registrationTtl(null).trustDomain("").appProtocol(null).limits(null)
                .drainTimeout(null).adminToken(null).build();

        assertThat(settings).isEqualTo(orders().build());
    }

    @Test
    void toBuilderChangesOnlyWhatIsSet() {
        SidecarSettings original = orders().appPort(8080).appHealthPath("/health").upstreams(Map.of("users", 9001))
                .token("t0ken").adminPort(0).inboundPort(0).outboundPort(0).advertiseHost("10.1.2.3").zone("zone-a")
                .version("v2").registrationTtl(Duration.ofSeconds(3)).trustDomain("prod.example")
                .appProtocol(AppProtocol.GRPC).drainTimeout(Duration.ZERO).adminToken("s3cret").build();

        SidecarSettings changed = original.toBuilder().zone("zone-b").build();

        assertThat(original.toBuilder().build()).isEqualTo(original);
        assertThat(changed.zone()).isEqualTo("zone-b");
        assertThat(changed.toBuilder().zone(original.zone()).build()).isEqualTo(original);
    }

    @Test
    void invalidValuesNameTheFieldAndWhatWasExpected() {
        assertThatThrownBy(() -> orders().adminPort(70000).build())
                .hasMessage("admin-port: 70000 (expected: 0..65535)");
        assertThatThrownBy(() -> orders().appHealthPath("health").build())
                .hasMessage("app-health-path: 'health' (expected: starts with '/')");
        assertThatThrownBy(() -> orders().upstreams(Map.of("users", 65536)).build())
                .hasMessage("upstream: users=65536 (expected: SERVICE=PORT, port 0..65535, 0 for any free port)");
        assertThatThrownBy(() -> orders().controlPlane("nowhere").build())
                .hasMessage("control-plane: 'nowhere' (expected: HOST:PORT)");
        assertThatThrownBy(() -> orders().registrationTtl(Duration.ofMillis(500)).build())
                .hasMessage("registration-ttl: PT0.5S (expected: >= 1s)");
        assertThatThrownBy(() -> orders().trustDomain("Mesh").build())
                .hasMessageStartingWith("trust-domain: 'Mesh' (expected: ");
        assertThatThrownBy(() -> orders().drainTimeout(Duration.ofSeconds(-1)).build())
                .hasMessage("drain-timeout: PT-1S (expected: >= 0s)");
        assertThatThrownBy(() -> orders().service("Orders").build())
                .hasMessageStartingWith("service: 'Orders' (expected: ");
        assertThatThrownBy(() -> orders().dataDir(null).build()).hasMessage("data-dir");
    }
}
