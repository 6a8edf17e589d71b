package io.banyan.controlplane.rollout;

import io.banyan.controlplane.loadstats.RequestCounts;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RegressionVerdictTest {

    private static final Rollout ROLLOUT = new Rollout(10.0, List.of(), Duration.ofSeconds(30), 0.01, 20);
    private static final Duration OVER = Duration.ofSeconds(30);

    @Test
    void aCanaryRateAboveTheRestPlusTheAllowanceIsARegression() {
        assertThat(RegressionVerdict.of(ROLLOUT, new RequestCounts(120, 25), new RequestCounts(1000, 10), true, OVER))
                .contains("canary error rate 0.2083 > rest 0.01 + 0.01 over 30s (120 requests)");
    }

    @Test
    void withinTheAllowanceIsNot() {
        assertThat(RegressionVerdict.of(ROLLOUT, new RequestCounts(100, 2), new RequestCounts(1000, 10), true, OVER))
                .isEmpty();
    }

    @Test
    void tooFewCanaryRequestsIsNoEvidence() {
        assertThat(RegressionVerdict.of(ROLLOUT, new RequestCounts(19, 19), RequestCounts.NONE, true, OVER)).isEmpty();
        assertThat(RegressionVerdict.of(ROLLOUT, new RequestCounts(20, 20), RequestCounts.NONE, false, OVER))
                .contains("canary error rate 1.0 > before 0.0 + 0.01 over 30s (20 requests)");
    }
}
