package io.banyan.dataplane.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ListenerConfigTest {

    @Test
    void portZeroMeansAnyFreePort() {
        ListenerConfig config = new ListenerConfig("outbound", "127.0.0.1", 0, TrafficDirection.OUTBOUND, "rc");

        assertThat(config.port()).isZero();
        assertThat(config.sameBinding(new ListenerConfig("outbound", "127.0.0.1", 0, TrafficDirection.OUTBOUND, "rc")))
                .isTrue();
    }

    @Test
    void aPortOutsideTheRangeIsRefusedSayingWhatWasExpected() {
        assertThatThrownBy(() -> new ListenerConfig("outbound", "127.0.0.1", -1, TrafficDirection.OUTBOUND, "rc"))
                .hasMessage("listener.port: -1 (expected: 0..65535, 0 for any free port)");
        assertThatThrownBy(() -> new ListenerConfig("outbound", "127.0.0.1", 65536, TrafficDirection.OUTBOUND, "rc"))
                .hasMessage("listener.port: 65536 (expected: 0..65535, 0 for any free port)");
    }
}
