package io.banyan.primitives.time;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationsTest {

    @Test
    void parsesHumanAndIsoDurations() {
        assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(Durations.parse("3650d")).isEqualTo(Duration.ofDays(3650));
        assertThat(Durations.parse("PT1.5S")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Durations.parse("PT5S")).isEqualTo(Duration.ofSeconds(5)); // control-plane policies refused it
        assertThat(Durations.parse("1d")).isEqualTo(Duration.ofDays(1)); // control-plane policies refused it
        assertThat(Durations.parse("0")).isZero();
    }

    @Test
    void parsesFractionsAndCompounds() {
        assertThat(Durations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Durations.parse("0.5ms")).isEqualTo(Duration.ofNanos(500_000));
        assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("1d2h3m4s5ms")).isEqualTo(Duration.ofDays(1).plusHours(2).plusMinutes(3)
                .plusSeconds(4).plusMillis(5));
        assertThat(Durations.parse(" 10s ")).isEqualTo(Duration.ofSeconds(10));
    }

    @ParameterizedTest
    @ValueSource(strings = {"30 secs", "-1s", "", "s", "5", "1.5", "0.5ms5", "1s1h", "1m1m", "1.0000000001s", "PT-1S", "P", "1e3s",
            "10 s", "ten"})
    void rejectsWithTheExpectedForm(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + text + "' (expected: a duration like 250ms, 1.5s, 5m, 7d)");
        assertThat(Durations.parseOrNull(text)).isNull();
    }

    @Test
    void nullIsNoDuration() {
        assertThat(Durations.parseOrNull(null)).isNull();
        assertThatThrownBy(() -> Durations.parse(null)).hasMessage("'null' (expected: a duration like 250ms, 1.5s, 5m, 7d)");
    }

    @Test
    void formatsShortest() {
        assertThat(Durations.format(Duration.ofSeconds(30))).isEqualTo("30s");
        assertThat(Durations.format(Duration.ofMillis(12_000 * 4 / 10))).isEqualTo("4800ms");
        assertThat(Durations.format(Duration.ofMinutes(2))).isEqualTo("2m");
        assertThat(Durations.format(Duration.ofMillis(500))).isEqualTo("500ms");
        assertThat(Durations.format(Duration.ofHours(2))).isEqualTo("2h");
        assertThat(Durations.format(Duration.ofDays(7))).isEqualTo("168h");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
        assertThat(Durations.format(Duration.ofNanos(1_500))).isEqualTo("0.0000015s");
        assertThat(Durations.format(Duration.ofSeconds(-5))).isEqualTo("-5s");
    }

    @ParameterizedTest
    @ValueSource(strings = {"250ms", "1500ms", "10s", "5m", "2h", "168h", "0s", "0.0000015s", "90m", "1001ms"})
    void whatIsFormattedParsesBack(String text) {
        assertThat(Durations.format(Durations.parse(text))).isEqualTo(text);
    }
}
