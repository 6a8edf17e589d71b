package io.banyan.controlplane.rollout;

import io.banyan.controlplane.registry.InvalidFieldException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RolloutFieldTest {

    @Test
    void takesTheRolloutOutOfTheBodyAndReadsIt() {
        RolloutField.Extracted extracted = extract("{\"retries\": {\"attempts\": 2}, \"rollout\": {\"canary\": \"12.5%\","
                + " \"bake\": \"2m\", \"maxErrorRateIncrease\": 0.05, \"minRequests\": 7}}");

        assertThat(new String(extracted.body(), StandardCharsets.UTF_8)).isEqualTo("{\"retries\":{\"attempts\":2}}");
        Rollout rollout = extracted.rollout().orElseThrow();
        assertThat(rollout.canaryPercent()).isEqualTo(12.5);
        assertThat(rollout.bake()).isEqualTo(Duration.ofMinutes(2));
        assertThat(rollout.maxErrorRateIncrease()).isEqualTo(0.05);
        assertThat(rollout.minRequests()).isEqualTo(7);
    }

    @Test
    void namedNodesWithTheDefaults() {
        Rollout rollout = extract("{\"rollout\": {\"nodes\": [\"b\", \"a\"]}}").rollout().orElseThrow();

        assertThat(rollout.nodes()).containsExactly("b", "a");
        assertThat(rollout.bake()).isEqualTo(Rollout.DEFAULT_BAKE);
        assertThat(rollout.maxErrorRateIncrease()).isEqualTo(0.01);
        assertThat(rollout.minRequests()).isEqualTo(20);
    }

    @Test
    void aBodyWithoutRolloutOrNotAnObjectIsGivenBackUnchanged() {
        byte[] plain = "{\"allow\": [\"web\"]}".getBytes(StandardCharsets.UTF_8);
        byte[] broken = "{not json".getBytes(StandardCharsets.UTF_8);

        assertThat(RolloutField.extract(plain).body()).isSameAs(plain);
        assertThat(RolloutField.extract(plain).rollout()).isEmpty();
        assertThat(RolloutField.extract(broken).body()).isSameAs(broken);
    }

    @Test
    void refusesWhatIsNotARolloutNamingTheField() {
        assertRefused("{\"rollout\": {\"canary\": \"10%\", \"speed\": 1}}", "rollout.speed", "unknown field(s) speed");
        assertRefused("{\"rollout\": {\"canary\": \"10%\", \"nodes\": [\"a\"]}}", "rollout", "both canary and nodes");
        assertRefused("{\"rollout\": {\"bake\": \"30s\"}}", "rollout", "neither canary nor nodes");
        assertRefused("{\"rollout\": {\"canary\": \"0%\"}}", "rollout.canary", "(expected: more than 0%");
        assertRefused("{\"rollout\": {\"canary\": \"150%\"}}", "rollout.canary", "at most 100%");
        assertRefused("{\"rollout\": {\"canary\": 10}}", "rollout.canary", "like \"10%\"");
        assertRefused("{\"rollout\": {\"canary\": \"10%\", \"bake\": \"2h\"}}", "rollout.bake",
                "rollout.bake: 2h (expected: 1s..1h)");
        assertRefused("{\"rollout\": {\"canary\": \"10%\", \"bake\": \"500ms\"}}", "rollout.bake", "1s..1h");
        assertRefused("{\"rollout\": {\"canary\": \"10%\", \"maxErrorRateIncrease\": 1.5}}",
                "rollout.maxErrorRateIncrease", "(expected: 0..1)");
        assertRefused("{\"rollout\": {\"canary\": \"10%\", \"minRequests\": 0}}", "rollout.minRequests",
                "(expected: 1 or more)");
        assertRefused("{\"rollout\": {\"nodes\": []}}", "rollout.nodes", "1..100 node ids");
        assertRefused("{\"rollout\": {\"nodes\": [\"a\", \"a\"]}}", "rollout.nodes", "distinct");
        assertRefused("{\"rollout\": \"10%\"}", "rollout", "(expected: an object");
    }

    @Test
    void atMostAHundredNodes() {
        String ids = String.join(",", java.util.stream.IntStream.rangeClosed(1, 101).mapToObj(i -> "\"n" + i + "\"")
                .toList());
        assertRefused("{\"rollout\": {\"nodes\": [" + ids + "]}}", "rollout.nodes", "1..100");
        assertThat(new Rollout(null, List.of("a"), Duration.ofHours(1), 0, 1).named()).isTrue();
    }

    private static RolloutField.Extracted extract(String body) {
        return RolloutField.extract(body.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertRefused(String body, String field, String message) {
        assertThatThrownBy(() -> extract(body)).as(body).isInstanceOf(InvalidFieldException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((InvalidFieldException) e).field()).isEqualTo(field));
    }
}
