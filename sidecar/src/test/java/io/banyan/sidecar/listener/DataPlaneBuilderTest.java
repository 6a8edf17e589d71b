package io.banyan.sidecar.listener;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DataPlaneBuilderTest {

    @Test
    void everyPartIsRequiredAndTheMessageNamesIt() {
        assertThatThrownBy(() -> DataPlane.builder(null, new SimpleMeterRegistry()))
                .hasMessage("loops: null (expected: a value)");
        try (EventLoops loops = EventLoops.create(1)) {
            DataPlane.Builder builder = DataPlane.builder(loops, new SimpleMeterRegistry());
            assertThatThrownBy(() -> builder.upstreamTls(null)).hasMessage("upstreamTls: null (expected: a value)");
            assertThatThrownBy(() -> builder.inboundTls(null)).hasMessage("inboundTls: null (expected: a value)");
            assertThatThrownBy(() -> builder.poolSettings(null)).hasMessage("poolSettings: null (expected: a value)");
            assertThatThrownBy(() -> builder.limits(null)).hasMessage("limits: null (expected: a value)");
            assertThatThrownBy(() -> builder.localZone(null)).hasMessage("localZone: null (expected: a value)");
        }
    }
}
