package io.banyan.primitives.json;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonMappersTest {

    record Limits(int port, boolean enabled, String name, double ratio) {
    }

    record Entry(List<Limits> limits) {
    }

    record Timed(Instant at, Duration timeout) {
    }

    private final ObjectMapper strict = JsonMappers.strict();

    @Test
    void strictReadsEachValueIntoAFieldOfItsOwnType() throws Exception {
        assertThat(strict.readValue("{\"port\":80,\"enabled\":true,\"name\":\"a\",\"ratio\":1}", Limits.class))
                .isEqualTo(new Limits(80, true, "a", 1.0));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"port\":80.5}", "{\"port\":\"80\"}", "{\"enabled\":1}", "{\"enabled\":\"true\"}", "{\"name\":1}",
            "{\"name\":true}", "{\"ratio\":\"1\"}", "{\"other\":1}", "{\"port\":80} {}"})
    void strictRefusesCoercionsUnknownFieldsAndTrailingTokens(String json) {
        assertThatThrownBy(() -> strict.readValue(json, Limits.class)).isInstanceOf(JsonMappingException.class);
    }

    @Test
    void lenientIgnoresUnknownFields() throws Exception {
        assertThat(JsonMappers.lenient().readValue("{\"port\":80,\"other\":1}", Limits.class).port()).isEqualTo(80);
    }

    @Test
    void aMappingErrorNamesItsPathAndWhatWasExpected() {
        JsonMappingException e = org.junit.jupiter.api.Assertions.assertThrows(JsonMappingException.class,
                () -> strict.readValue("{\"limits\":[{},{\"port\":\"x\"}]}", Entry.class));
        assertThat(JsonMappers.path(e)).isEqualTo("limits[1].port");
        assertThat(JsonMappers.expected(int.class)).isEqualTo("an integer");
        assertThat(JsonMappers.expected(Boolean.class)).isEqualTo("true or false");
        assertThat(JsonMappers.expected(List.class)).isEqualTo("an array");
        assertThat(JsonMappers.expected(null)).isEqualTo("another type");
    }

    @Test
    void timesAreIsoAndDurationsAreOurText() throws Exception {
        ObjectMapper mapper = JsonMappers.withDurationText(JsonMappers.withIsoTimes(JsonMappers.strict()));
        Timed timed = new Timed(Instant.parse("2026-12-07T00:45:00Z"), Duration.ofMillis(1500));
        String json = mapper.writeValueAsString(timed);
        assertThat(json).isEqualTo("{\"at\":\"2026-12-07T00:45:00Z\",\"timeout\":\"1500ms\"}");
        assertThat(mapper.readValue(json, Timed.class)).isEqualTo(timed);
        assertThatThrownBy(() -> mapper.readValue("{\"timeout\":\"soon\"}", Timed.class))
                .hasMessageContaining("a duration like 250ms, 1.5s, 5m, 7d");
        assertThatThrownBy(() -> mapper.readValue("{\"timeout\":15}", Timed.class))
                .isInstanceOf(JsonMappingException.class);
    }
}
