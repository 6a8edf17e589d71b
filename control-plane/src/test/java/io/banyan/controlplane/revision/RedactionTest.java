package io.banyan.controlplane.revision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RedactionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void configSecretsAreShownAsSecretInDiffsAndWholeRecords() throws Exception {
        JsonNode before = json("{\"values\": {\"a\": 1}, \"secrets\": {\"pw\": \"v1:AAA\"}}");
        JsonNode after = json("{\"values\": {\"a\": 2}, \"secrets\": {\"pw\": \"v1:BBB\", \"token\": \"v1:CCC\"}}");
        Redaction config = Redaction.of("config");

        assertThat(ConfigDiff.lines(before, after, config)).containsExactly("~ values.a: 1 -> 2",
                "~ secrets.pw: <secret> -> <secret>", "+ secrets.token: <secret>");
        assertThat(ConfigDiff.lines(null, after, config)).containsExactly(
                "+ {\"values\":{\"a\":2},\"secrets\":{\"pw\":\"<secret>\",\"token\":\"<secret>\"}}");
        assertThat(ConfigDiff.lines(json("{\"values\": {}}"), after, config)).contains(
                "+ secrets: {\"pw\":\"<secret>\",\"token\":\"<secret>\"}");
        assertThat(config.redact(after)).isEqualTo(json("{\"values\": {\"a\": 2},"
                + " \"secrets\": {\"pw\": \"<secret>\", \"token\": \"<secret>\"}}"));
        assertThat(after.get("secrets").get("pw").asText()).as("unchanged").isEqualTo("v1:BBB");
    }

    @Test
    void otherKindsShowEverything() throws Exception {
        JsonNode policy = json("{\"secrets\": {\"pw\": \"shown\"}}");

        assertThat(Redaction.of("policy").redact(policy)).isSameAs(policy);
        assertThat(ConfigDiff.lines(null, policy, Redaction.of("policy"))).containsExactly(
                "+ {\"secrets\":{\"pw\":\"shown\"}}");
    }
}
