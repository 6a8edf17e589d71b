package io.banyan.adminserver;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Jackson's errors as problems: each names the field (or the position) and what was expected. */
class JsonBodiesTest {

    record Instance(String host, int port) {
    }

    private final JsonBodies json = new JsonBodies(new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT));

    private static AdminRequest post(String contentType, String body) {
        return new AdminRequest("POST", "/v1/instances", null, contentType, body.getBytes(StandardCharsets.UTF_8),
                null);
    }

    private ApiException refused(String body) {
        return catchThrowableOfType(ApiException.class, () -> json.read(post("application/json", body), Instance.class));
    }

    @Test
    void readsAValidBody() {
        assertThat(json.read(post("application/json; charset=utf-8", "{\"host\":\"h\",\"port\":80}"), Instance.class))
                .isEqualTo(new Instance("h", 80));
    }

    @Test
    void anUnknownFieldNamesTheKnownOnes() {
        ApiException e = refused("{\"host\":\"h\",\"prot\":80}");

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.field()).isEqualTo("prot");
        assertThat(e.getMessage()).isEqualTo("prot: unknown field (expected one of: host, port)");
    }

    @Test
    void aWrongTypeNamesTheFieldAndWhatWasExpected() {
        ApiException e = refused("{\"host\":\"h\",\"port\":80.5}");

        assertThat(e.field()).isEqualTo("port");
        assertThat(e.getMessage()).startsWith("port: ").endsWith("(expected: an integer)");
    }

    @Test
    void malformedJsonAndTrailingDataNameThePosition() {
        assertThat(refused("{\"host\":").getMessage()).startsWith("body: malformed JSON at line 1, column ");
        assertThat(refused("{\"host\":\"h\",\"port\":80} {}").getMessage()).startsWith("body: ")
                .endsWith("(expected: a JSON object)");
    }

    @Test
    void aBodyThatIsNotJsonIs415() {
        assertThatThrownBy(() -> json.read(post("text/plain", "{}"), Instance.class))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(415))
                .hasMessage("Content-Type: 'text/plain' (expected: application/json)");
    }
}
