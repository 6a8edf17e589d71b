package io.banyan.sidecar.mirror;

import io.banyan.dataplane.config.MirrorPolicy;

import java.util.Objects;
import java.util.random.RandomGenerator;

/** Whether one request is mirrored under a policy: with probability {@code partsPerMillion / 1,000,000}. */
final class MirrorSampler {

    private final RandomGenerator random;

    /** @param random shared by event loops (e.g. {@code PerThreadRandom}), or a fake in tests */
    MirrorSampler(RandomGenerator random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    boolean sampled(MirrorPolicy policy) {
        int share = policy.partsPerMillion();
        return share >= MirrorPolicy.MILLION || share > 0 && random.nextInt(MirrorPolicy.MILLION) < share;
    }
}
