package io.banyan.sidecar;

import io.banyan.dataplane.config.AppProtocol;
import io.banyan.dataplane.config.InstanceSettings;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SidecarSettingsInstanceTest {

    @Test
    void theInstanceCarriesWhatTheXdsNodeAndTheRegistrationNeed() {
        SidecarSettings settings = SidecarSettings.builder("orders", "127.0.0.1:15010", Path.of("/tmp/banyan"))
                .appPort(8080).appHealthPath("/health").appProtocol(AppProtocol.GRPC).token("t0ken")
                .advertiseHost("10.1.2.3").zone("zone-a").version("v1").registrationTtl(Duration.ofSeconds(30))
                .build();

        assertThat(settings.instance()).isEqualTo(new InstanceSettings("orders", 8080, AppProtocol.GRPC, "10.1.2.3",
                "zone-a", "v1", Duration.ofSeconds(30), "t0ken"));
        assertThat(settings.instance().hasApp()).isTrue();
    }

    @Test
    void defaultsOfTheLaunchSettingsReachTheInstance() {
        SidecarSettings clientOnly = SidecarSettings.builder("web", "127.0.0.1:15010", Path.of("/tmp/banyan")).build();

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
