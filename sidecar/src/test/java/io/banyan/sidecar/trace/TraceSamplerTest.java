package io.banyan.sidecar.trace;

import io.banyan.sidecar.trace.TraceParent.Decision;
import io.banyan.sidecar.trace.TraceParent.Format;
import org.junit.jupiter.api.Test;

import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TraceSamplerTest {

    private static final TraceParent SAMPLED =
            new TraceParent("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", Decision.SAMPLE, Format.W3C);
    private static final TraceParent DROPPED =
            new TraceParent("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", Decision.DROP, Format.W3C);
    private static final TraceParent DEFERRED =
            new TraceParent("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", Decision.DEFER, Format.B3_MULTI);

    /** A random source that always draws {@code value}. */
    private static RandomGenerator draws(double value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public double nextDouble() {
                return value;
            }
        };
    }

    @Test
    void aCallersDecisionIsHonouredWhateverTheRatio() {
        assertThat(new TraceSampler(0.0, draws(0.0)).sample(SAMPLED)).isTrue();
        assertThat(new TraceSampler(1.0, draws(0.0)).sample(DROPPED)).isFalse();
    }

    @Test
    void aNewTraceOrADeferredOneIsSampledByTheRatio() {
        TraceSampler tenPercent = new TraceSampler(0.1, draws(0.05));
        assertThat(tenPercent.sample(null)).isTrue();
        assertThat(tenPercent.sample(DEFERRED)).isTrue();
        TraceSampler missed = new TraceSampler(0.1, draws(0.5));
        assertThat(missed.sample(null)).isFalse();
        assertThat(missed.sample(DEFERRED)).isFalse();
        assertThat(new TraceSampler(1.0, draws(0.9999)).sample(null)).isTrue();
        assertThat(new TraceSampler(0.0, draws(0.0)).sample(null)).isFalse();
    }

    @Test
    void aRatioOutside0To1IsRefused() {
        assertThatThrownBy(() -> new TraceSampler(1.5)).hasMessage(
                "trace-sampling: 1.5 (expected: 0..1, e.g. 0.1 for 10%)");
        assertThatThrownBy(() -> new TraceSampler(Double.NaN)).hasMessageStartingWith("trace-sampling: NaN");
    }
}
