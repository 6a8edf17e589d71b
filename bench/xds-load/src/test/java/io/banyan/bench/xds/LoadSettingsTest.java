package io.banyan.bench.xds;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoadSettingsTest {

    @Test
    void defaults_are_the_contracts_and_heartbeats_reach_every_instance_within_a_third_of_the_ttl() {
        LoadSettings settings = LoadSettings.parse("--admin-token", "t", "--services", "1000");
        assertThat(settings.nodes()).isEqualTo(100);
        assertThat(settings.protocol()).isEqualTo(XdsProtocol.DELTA);
        assertThat(settings.duration()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.heartbeatsPerSecond()).isEqualTo(3000.0);
    }

    @Test
    void a_bad_value_names_its_option() {
        assertThatThrownBy(() -> LoadSettings.parse("--admin-token", "t", "--protocol", "grpc"))
                .hasMessage("--protocol: 'grpc' (expected: delta or sotw)");
        assertThatThrownBy(() -> LoadSettings.parse("--admin-token", "t", "--nodes", "0"))
                .hasMessage("--nodes: 0 (expected: >= 1)");
        assertThatThrownBy(() -> LoadSettings.parse("--nodes", "3")).hasMessageStartingWith("--admin-token");
        assertThatThrownBy(() -> LoadSettings.parse("--admin-token", "t", "--bogus", "1"))
                .hasMessageStartingWith("--bogus: unknown option");
    }
}
