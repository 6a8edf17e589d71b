package io.banyan.sidecar.mirror;

import io.banyan.dataplane.config.MirrorPolicy;
import org.junit.jupiter.api.Test;

import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;

class MirrorSamplerTest {

    /** Draws 0, 1, 2, ... 999,999, 0, ...: every share of a million draws is sampled exactly. */
    private static final class Counting implements RandomGenerator {
        private int next;
        private int draws;

        @Override
        public long nextLong() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int nextInt(int bound) {
            draws++;
            int value = next;
            next = (next + 1) % bound;
            return value;
        }
    }

    @Test
    void aFractionalPercentMirrorsExactlyItsShareOfDraws() {
        Counting random = new Counting();
        MirrorSampler sampler = new MirrorSampler(random);
        MirrorPolicy twelveAndAHalfPercent = new MirrorPolicy("orders-v2", 125_000, true);

        int sampled = 0;
        for (int i = 0; i < MirrorPolicy.MILLION; i++) {
            sampled += sampler.sampled(twelveAndAHalfPercent) ? 1 : 0;
        }

        assertThat(sampled).isEqualTo(125_000);
    }

    @Test
    void zeroNeverAndEverythingAlwaysWithoutDrawing() {
        Counting random = new Counting();
        MirrorSampler sampler = new MirrorSampler(random);

        assertThat(sampler.sampled(new MirrorPolicy("a", 0, true))).isFalse();
        assertThat(sampler.sampled(MirrorPolicy.always("a"))).isTrue();
        assertThat(random.draws).isZero();
    }

    @Test
    void theSmallestShareIsOneDrawInAMillion() {
        Counting random = new Counting();
        MirrorSampler sampler = new MirrorSampler(random);
        MirrorPolicy onePerMillion = new MirrorPolicy("a", 1, true);

        assertThat(sampler.sampled(onePerMillion)).isTrue(); // draws 0
        assertThat(sampler.sampled(onePerMillion)).isFalse(); // draws 1
    }
}
