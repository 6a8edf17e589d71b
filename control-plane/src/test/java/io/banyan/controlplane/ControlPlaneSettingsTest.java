package io.banyan.controlplane;

import io.banyan.adminserver.AdminLimits;
import io.banyan.controlplane.registry.RegistryRules;
import io.banyan.controlplane.xds.XdsLimits;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ControlPlaneSettingsTest {

    private static final Path DATA = Path.of("data");

    @Test
    void theBuilderHoldsEveryDefault() {
        ControlPlaneSettings settings = ControlPlaneSettings.builder(DATA).build();

        assertThat(settings.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(settings.adminPort()).isEqualTo(15080);
        assertThat(settings.xdsPort()).isEqualTo(15010);
        assertThat(settings.dataDir()).isEqualTo(DATA);
        assertThat(settings.trustDomain()).isEqualTo("mesh.local");
        assertThat(settings.adminToken()).isEmpty();
        assertThat(settings.sweepInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.caDir()).isNull();
        assertThat(settings.extraTrustRoots()).isNull();
        assertThat(settings.certTtl()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.recover()).isFalse();
        assertThat(settings.registryRules()).isEqualTo(RegistryRules.DEFAULT);
        assertThat(settings.adminLimits()).isEqualTo(AdminLimits.DEFAULT);
        assertThat(settings.xdsLimits()).isEqualTo(XdsLimits.DEFAULT);
        assertThat(settings.loadReportInterval()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void absentOrEmptyOptionsKeepTheDefault() {
        ControlPlaneSettings settings = ControlPlaneSettings.builder(DATA).bindAddress("").trustDomain(null)
                .adminToken(null).sweepInterval(null).certTtl(null).registryRules(null).adminLimits(null)
                .xdsLimits(null).loadReportInterval(null).build();

        assertThat(settings).isEqualTo(ControlPlaneSettings.builder(DATA).build());
    }

    @Test
    void toBuilderChangesOnlyWhatIsSet() {
        ControlPlaneSettings original = ControlPlaneSettings.builder(DATA).bindAddress("127.0.0.1").adminPort(0)
                .xdsPort(0).adminToken("t").recover(true).build();

        ControlPlaneSettings changed = original.toBuilder().certTtl(Duration.ofMinutes(5))
                .loadReportInterval(Duration.ofMillis(250)).build();

        assertThat(original.toBuilder().build()).isEqualTo(original);
        assertThat(changed.certTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(changed.loadReportInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(changed.toBuilder().certTtl(original.certTtl()).loadReportInterval(null).build()).isEqualTo(original);
    }

    @Test
    void invalidValuesNameTheField() {
        assertThatThrownBy(() -> ControlPlaneSettings.builder(DATA).adminPort(65536).build())
                .hasMessage("admin-port: 65536 (expected: 0..65535)");
        assertThatThrownBy(() -> ControlPlaneSettings.builder(DATA).trustDomain("Mesh").build())
                .hasMessageStartingWith("trust-domain: 'Mesh' (expected: ");
        assertThatThrownBy(() -> ControlPlaneSettings.builder(null).build()).hasMessage("data-dir");
        assertThatThrownBy(() -> ControlPlaneSettings.builder(DATA).loadReportInterval(Duration.ofMillis(99)).build())
                .hasMessage("load-report-interval: 99ms (expected: 100ms..1m)");
        assertThatThrownBy(() -> ControlPlaneSettings.builder(DATA).loadReportInterval(Duration.ofSeconds(61)).build())
                .hasMessage("load-report-interval: 61s (expected: 100ms..1m)");
        assertThat(ControlPlaneSettings.builder(DATA).loadReportInterval(Duration.ofMillis(100)).build()
                .loadReportInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(ControlPlaneSettings.builder(DATA).loadReportInterval(Duration.ofMinutes(1)).build()
                .loadReportInterval()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void theHeartbeatExchangeDefaultsToOneSecondAndIsBounded() {
        assertThat(ControlPlaneSettings.builder(DATA).build().heartbeatExchange()).isEqualTo(Duration.ofSeconds(1));
        assertThat(ControlPlaneSettings.builder(DATA).heartbeatExchange(Duration.ofMillis(100)).build()
                .heartbeatExchange()).isEqualTo(Duration.ofMillis(100));
        assertThatThrownBy(() -> ControlPlaneSettings.builder(DATA).heartbeatExchange(Duration.ofMillis(99)).build())
                .hasMessage("heartbeat-exchange: 99ms (expected: 100ms..1m)");
        assertThatThrownBy(() -> ControlPlaneSettings.builder(DATA).heartbeatExchange(Duration.ofMinutes(2)).build())
                .hasMessage("heartbeat-exchange: 2m (expected: 100ms..1m)");
    }
}
