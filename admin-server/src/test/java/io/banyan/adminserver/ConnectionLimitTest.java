package io.banyan.adminserver;


import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static io.banyan.adminserver.ConnectionLimit.Admission.NORMAL;
import static io.banyan.adminserver.ConnectionLimit.Admission.PROBES_ONLY;
import static io.banyan.adminserver.ConnectionLimit.Admission.REFUSED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The admin port's connection count: normal up to the limit, then probe connections, then refused. */
class ConnectionLimitTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void normalUpToTheLimitThenProbesOnlyThenRefusedAndBackAfterReleases() {
        ConnectionLimit limit = new ConnectionLimit(2, meters);

        assertThat(limit.admit()).isEqualTo(NORMAL);
        assertThat(limit.admit()).isEqualTo(NORMAL);
        for (int i = 0; i < AdminLimits.PROBE_CONNECTIONS; i++) {
            assertThat(limit.admit()).isEqualTo(PROBES_ONLY);
        }
        assertThat(limit.admit()).isEqualTo(REFUSED);
        assertThat(limit.admit()).isEqualTo(REFUSED);
        assertThat(meters.get(AdminMetricNames.CONNECTIONS_REFUSED).counter().count()).isEqualTo(2);
        assertThat(meters.get(AdminMetricNames.CONNECTIONS).gauge().value()).isEqualTo(2 + AdminLimits.PROBE_CONNECTIONS);

        for (int i = 0; i < AdminLimits.PROBE_CONNECTIONS + 1; i++) {
            limit.release();
        }
        assertThat(limit.admit()).isEqualTo(NORMAL);
    }

    @Test
    void limitsAreValidatedNamingTheOption() {
        assertThatThrownBy(() -> new AdminLimits(0, AdminLimits.DEFAULT_HEADER_TIMEOUT, AdminLimits.DEFAULT_IDLE_TIMEOUT))
                .hasMessage("admin-max-connections: 0 (expected: 1..1000000)");
        assertThatThrownBy(() -> new AdminLimits(1, java.time.Duration.ZERO, AdminLimits.DEFAULT_IDLE_TIMEOUT))
                .hasMessage("admin-header-timeout: 0ms (expected: at least 10ms)");
    }
}
