package io.banyan.controlplane.rollout;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CanaryChoiceTest {

    private static final List<String> ALTERED = List.of("node-e", "node-a", "node-d", "node-b", "node-c");

    @Test
    void theFirstShareOfTheAlteredNodesInIdOrderRoundedUp() {
        assertThat(CanaryChoice.of(Rollout.canary(40, Duration.ofSeconds(30)), ALTERED))
                .containsExactly("node-a", "node-b");
        assertThat(CanaryChoice.of(Rollout.canary(50, Duration.ofSeconds(30)), ALTERED))
                .containsExactly("node-a", "node-b", "node-c");
        assertThat(CanaryChoice.of(Rollout.canary(100, Duration.ofSeconds(30)), ALTERED)).hasSize(5);
    }

    @Test
    void atLeastOneNodeUnlessNoneIsAltered() {
        assertThat(CanaryChoice.of(Rollout.canary(0.5, Duration.ofSeconds(30)), ALTERED)).containsExactly("node-a");
        assertThat(CanaryChoice.of(Rollout.canary(10, Duration.ofSeconds(30)), List.of())).isEmpty();
    }

    @Test
    void namedNodesAreTheCanariesWhateverIsAltered() {
        Rollout named = new Rollout(null, List.of("node-z", "node-c"), Duration.ofSeconds(30), 0.01, 20);

        assertThat(CanaryChoice.of(named, ALTERED)).containsExactly("node-c", "node-z");
    }
}
