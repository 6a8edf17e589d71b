package io.banyan.sidecar.loadbalance;

import io.banyan.dataplane.config.LbAlgorithm;
import io.banyan.dataplane.config.LbSettings;
import io.banyan.dataplane.config.LeastRequestSettings;
import io.banyan.dataplane.config.MaglevSettings;
import io.banyan.dataplane.config.PeakEwmaSettings;
import io.banyan.dataplane.config.RingHashSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LbSettingsTest {

    @Test
    void defaultsFollowEnvoyAndLinkerd() {
        LbSettings settings = LbSettings.of(LbAlgorithm.RING_HASH);

        assertThat(settings.zoneAware()).isTrue();
        assertThat(settings.panicThresholdPercent()).isEqualTo(50.0);
        assertThat(settings.ringHash()).isEqualTo(new RingHashSettings(1024, 8 * 1024 * 1024));
        assertThat(settings.maglev().tableSize()).isEqualTo(65537);
        assertThat(settings.leastRequest()).isEqualTo(new LeastRequestSettings(2, 1.0));
        assertThat(settings.peakEwma()).isEqualTo(new PeakEwmaSettings(Duration.ofMillis(30), Duration.ofSeconds(10)));
    }

    @Test
    void badValuesAreRejectedWithWhatWasExpected() {
        assertThatThrownBy(() -> LbSettings.of(LbAlgorithm.RANDOM).withPanicThresholdPercent(150))
                .hasMessage("lb.panicThresholdPercent: 150.0 (expected: >= 0 and <= 100)");
        assertThatThrownBy(() -> new RingHashSettings(0, 10))
                .hasMessage("ringHash.minRingSize: 0 (expected: 1..8388608)");
        assertThatThrownBy(() -> new RingHashSettings(100, 10))
                .hasMessage("ringHash.maxRingSize: 10 (expected: 100..8388608)");
        assertThatThrownBy(() -> new MaglevSettings(65536))
                .hasMessage("maglev.tableSize: 65536 (expected: a prime in 2..5000011)");
        assertThatThrownBy(() -> new LeastRequestSettings(1, 1.0))
                .hasMessage("leastRequest.choiceCount: 1 (expected: 2..100)");
        assertThatThrownBy(() -> new LeastRequestSettings(2, Double.NaN))
                .hasMessage("leastRequest.activeRequestBias: NaN (expected: >= 0 and <= 10)");
        assertThatThrownBy(() -> new PeakEwmaSettings(Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessage("peakEwma.defaultRtt: PT0S (expected: > 0 and <= PT1M)");
    }

    @Test
    void ringSizeScalesWithTheLightestEndpointAndStaysWithinBounds() {
        RingHash even = new RingHash(Picks.endpoints(4), RingHashSettings.DEFAULT, Picks.random());
        RingHash skewed = new RingHash(Picks.weighted(1, 9), RingHashSettings.DEFAULT, Picks.random());
        RingHash capped = new RingHash(Picks.weighted(1, 9999), new RingHashSettings(1024, 2048), Picks.random());

        assertThat(even.ringSize()).isEqualTo(1024);
        assertThat(skewed.ringSize()).isEqualTo(1280);
        assertThat(capped.ringSize()).isEqualTo(2048);
    }
}
