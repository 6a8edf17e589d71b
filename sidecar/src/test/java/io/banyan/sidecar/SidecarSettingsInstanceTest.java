package io.banyan.sidecar;

import io.banyan.sidecar.config.AppProtocol;
import io.banyan.sidecar.config.InstanceSettings;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SidecarSettingsInstanceTest {

    @Test
    void theInstanceCarriesWhatTheXdsNodeAndTheRegistrationNeed() {
        SidecarSettings settings = new SidecarSettings("orders", 8080, "/health", Map.of(), "127.0.0.1:15010", "t0ken",
                15000, 15006, 15001, "10.1.2.3", Path.of("/tmp/banyan"), "zone-a", "v1", Duration.ofSeconds(30),
                null, AppProtocol.GRPC);

        assertThat(settings.instance()).isEqualTo(new InstanceSettings("orders", 8080, AppProtocol.GRPC, "10.1.2.3",
                "zone-a", "v1", Duration.ofSeconds(30), "t0ken"));
        assertThat(settings.instance().hasApp()).isTrue();
    }

    @Test
    void defaultsOfTheLaunchSettingsReachTheInstance() {
        SidecarSettings clientOnly = new SidecarSettings("web", 0, null, Map.of(), "127.0.0.1:15010", null, 0, 0, 0,
                null, Path.of("/tmp/banyan"), null, null, null);

        InstanceSettings instance = clientOnly.instance();

        assertThat(instance.hasApp()).isFalse();
        assertThat(instance.advertiseHost()).isEqualTo("127.0.0.1");
        assertThat(instance.zone()).isEmpty();
        assertThat(instance.token()).isEmpty();
        assertThat(instance.appProtocol()).isEqualTo(AppProtocol.HTTP);
        assertThat(instance.registrationTtl()).isEqualTo(SidecarSettings.DEFAULT_REGISTRATION_TTL);
    }

    @Test
    void anInstanceIsValidated() {
        assertThatThrownBy(() -> new InstanceSettings("", 8080, AppProtocol.HTTP, "10.1.2.3", "", "",
                Duration.ofSeconds(10), "")).hasMessage("service: '' (expected: a non-empty string)");
        assertThatThrownBy(() -> new InstanceSettings("orders", 70000, AppProtocol.HTTP, "10.1.2.3", "", "",
                Duration.ofSeconds(10), "")).hasMessage("appPort: 70000 (expected: 0..65535, 0 for none)");
        assertThatThrownBy(() -> new InstanceSettings("orders", 8080, AppProtocol.HTTP, "10.1.2.3", "", "",
                Duration.ZERO, "")).hasMessage("registrationTtl: PT0S (expected: > 0)");
    }
}
