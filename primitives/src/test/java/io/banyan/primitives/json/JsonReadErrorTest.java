package io.banyan.primitives.json;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Jackson's reading errors in the mesh's words: the field (or the position), what was wrong, what was expected. */
class JsonReadErrorTest {

    enum Mode {
        @JsonProperty("allow-all") ALLOW_ALL,
        @JsonProperty("deny-unless-allowed") DENY_UNLESS_ALLOWED
    }

    record Limits(int port, boolean enabled, String name, Mode mode, Duration timeout) {
    }

    record Entry(List<Limits> limits) {
    }

    private final ObjectMapper strict = JsonMappers.withDurationText(JsonMappers.strict());

    private JsonReadError error(String json, Class<?> type) {
        IOException e = catchThrowableOfType(IOException.class,
                () -> strict.readValue(json.getBytes(StandardCharsets.UTF_8), type));
        assertThat(e).as("reading %s", json).isNotNull();
        return JsonReadError.of(e, t -> t == Duration.class ? "a duration" : JsonMappers.expected(t));
    }

    private JsonReadError error(String json) {
        return error(json, Limits.class);
    }

    @Test
    void anUnknownFieldIsNamedWithItsPathAndTheKnownOnes() {
        assertThat(error("{\"prot\":80}")).isEqualTo(new JsonReadError("prot",
                "prot: unknown field (expected one of: enabled, mode, name, port, timeout)"));
        assertThat(error("{\"limits\":[{},{\"prot\":80}]}", Entry.class)).isEqualTo(new JsonReadError(
                "limits[1].prot", "limits[1].prot: unknown field (expected one of: enabled, mode, name, port, timeout)"));
    }

    @Test
    void aWrongTypeNamesTheFieldTheValueAndWhatWasExpected() {
        assertThat(error("{\"port\":80.5}")).isEqualTo(new JsonReadError("port", "port: 80.5 (expected: an integer)"));
        assertThat(error("{\"port\":\"80\"}")).isEqualTo(new JsonReadError("port",
                "port: wrong type at line 1, column 9 (expected: an integer)"));
        assertThat(error("{\"enabled\":1}").message()).isEqualTo("enabled: 1 (expected: true or false)");
        assertThat(error("{\"name\":true}").message()).isEqualTo("name: true (expected: a string)");
        assertThat(error("{\"limits\":[{\"port\":[]}]}", Entry.class)).isEqualTo(new JsonReadError("limits[0].port",
                "limits[0].port: wrong type at line 1, column 20 (expected: an integer)"));
    }

    @Test
    void aBadEnumOrFormatValueIsQuotedWithTheAcceptedOnes() {
        assertThat(error("{\"mode\":\"deny-all\"}")).isEqualTo(new JsonReadError("mode",
                "mode: 'deny-all' (expected: one of allow-all, deny-unless-allowed)"));
        assertThat(error("{\"timeout\":\"soon\"}").message()).isEqualTo("timeout: 'soon' (expected: a duration)");
        assertThat(error("{\"timeout\":15}").message()).startsWith("timeout: wrong type at line 1, column ")
                .endsWith("(expected: a duration)");
    }

    @Test
    void aLongValueIsClippedTo64Characters() {
        String longName = "x".repeat(1000);
        JsonReadError wrong = error("{\"mode\":\"" + longName + "\"}");
        assertThat(wrong.message()).isEqualTo("mode: '" + "x".repeat(64)
                + "...' (expected: one of allow-all, deny-unless-allowed)");
        JsonReadError unknown = error("{\"" + longName + "\":1}");
        assertThat(unknown.field()).isEqualTo("x".repeat(64) + "...");
        assertThat(unknown.message()).doesNotContain("x".repeat(65));
        assertThat(error("{\"port\":" + "x".repeat(1000) + "}").message()).doesNotContain("x".repeat(65));
    }

    @Test
    void malformedJsonNamesTheLineAndColumnWithoutEchoingTheSource() {
        JsonReadError error = error("{\"name\":\"a\",\n \"port\": }");

        assertThat(error.field()).isNull();
        assertThat(error.fieldOr(JsonReadError.BODY)).isEqualTo("body");
        assertThat(error.message()).isEqualTo(
                "body: malformed JSON at line 2, column 10: Unexpected character ('}' (code 125)): expected a value");
        assertThat(error("{\"name\":").message()).startsWith("body: malformed JSON at line 1, column ")
                .doesNotContain("Source");
    }

    @Test
    void trailingDataAndAWrongTopLevelAreTheBodysErrors() {
        assertThat(error("{\"port\":80} {}")).isEqualTo(new JsonReadError(null,
                "body: trailing data at line 1, column 13 (expected: a JSON object)"));
        assertThat(error("[1]")).isEqualTo(new JsonReadError(null,
                "body: wrong type at line 1, column 1 (expected: a JSON object)"));
        assertThat(error("")).isEqualTo(JsonReadError.MISSING_BODY);
    }

    @Test
    void aNullBodyIsNamed() throws Exception {
        assertThat(strict.readValue("null", Limits.class)).isNull();
        assertThat(JsonReadError.NULL_BODY).isEqualTo(new JsonReadError(null, "body: null (expected: a JSON object)"));
        assertThat(JsonReadError.NULL_BODY.fieldOr("body")).isEqualTo("body");
    }

    @Test
    void expectedNamesEnumConstantsByTheirJsonNames() {
        assertThat(JsonMappers.expected(Mode.class)).isEqualTo("one of allow-all, deny-unless-allowed");
        assertThat(JsonMappers.expected(java.time.DayOfWeek.class)).startsWith("one of MONDAY, TUESDAY");
    }
}
