package io.banyan.primitives.check;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChecksTest {

    @Test
    void returnsWhatPasses() {
        assertThat(Checks.port(80, "port")).isEqualTo(80);
        assertThat(Checks.nonEmpty("a", "name")).isEqualTo("a");
        assertThat(Checks.between(3, 1, 3, "n")).isEqualTo(3);
        assertThat(Checks.percent(100, "p")).isEqualTo(100);
        assertThat(Checks.nonNegative(Duration.ZERO, "timeout")).isZero();
    }

    @Test
    void namesTheFieldAndWhatWasExpected() {
        assertThatThrownBy(() -> Checks.port(0, "admin-port")).hasMessage("admin-port: 0 (expected: 1..65535)");
        assertThatThrownBy(() -> Checks.nonEmpty(" ", "name")).hasMessage("name: ' ' (expected: a non-empty string)");
        assertThatThrownBy(() -> Checks.nonNull(null, "routes")).hasMessage("routes: null (expected: a value)");
        assertThatThrownBy(() -> Checks.atLeast(0, 1, "retry")).hasMessage("retry: 0 (expected: >= 1)");
        assertThatThrownBy(() -> Checks.percent(0, "p")).hasMessage("p: 0.0 (expected: > 0 and <= 100)");
        assertThatThrownBy(() -> Checks.positive(Duration.ZERO, "base")).hasMessage("base: PT0S (expected: > 0)");
        assertThatThrownBy(() -> Checks.nonNegative(Duration.ofSeconds(-1), "timeout"))
                .hasMessage("timeout: PT-1S (expected: >= 0, 0 for none)");
    }
}
