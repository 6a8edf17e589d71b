package io.banyan.sidecar.admin;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReadinessTest {

    @Test
    void andReportsTheFirstUnmetCondition() {
        AtomicBoolean configured = new AtomicBoolean();
        AtomicBoolean draining = new AtomicBoolean();
        Readiness readiness = Readiness.of(configured::get, "no config yet")
                .and(Readiness.of(() -> !draining.get(), "draining"));

        assertThat(readiness.check()).isEqualTo(ReadinessStatus.notReady("no config yet"));
        configured.set(true);
        assertThat(readiness.check()).isEqualTo(ReadinessStatus.READY);
        draining.set(true);
        assertThat(readiness.check()).isEqualTo(ReadinessStatus.notReady("draining"));
    }

    @Test
    void aNotReadyStatusNeedsAReason() {
        assertThatThrownBy(() -> ReadinessStatus.notReady(" "))
                .hasMessage("reason: ' ' (expected: a non-empty reason)");
    }
}
