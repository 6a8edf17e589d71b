package io.banyan.cli.ctl.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DriftTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void whatTheFileLeavesOutIsNoDifference() throws Exception {
        Document policy = document("Policy", "{\"timeouts\": {\"request\": \"3s\"}, \"retries\": {\"numRetries\": 2}}");
        JsonNode live = JSON.readTree("{\"service\": \"orders\", \"timeouts\": {\"connect\": \"1s\", \"request\": \"3s\"},"
                + " \"retries\": {\"retryOn\": \"5xx\", \"numRetries\": 2.0}, \"rateLimit\": null}");

        assertThat(Drift.lines(policy, live)).isEmpty();
    }

    @Test
    void changedAddedAndMissingValuesAreLinesOfTheRevisionsDiff() throws Exception {
        Document routes = document("Routes", "{\"routes\": [{\"name\": \"a\", \"to\": [{\"service\": \"x\"}]},"
                + " {\"name\": \"b\"}]}");
        JsonNode live = JSON.readTree("{\"routes\": [{\"name\": \"a\", \"to\": [{\"service\": \"y\", \"weight\": 100}]},"
                + " {\"name\": \"b\"}, {\"name\": \"c\"}]}");

        assertThat(Drift.lines(routes, live)).containsExactly("~ routes[0].to[0].service: \"y\" -> \"x\"", "- routes[2]");
        assertThat(Drift.lines(routes, null)).singleElement().asString().startsWith("+ {\"routes\":");
    }

    @Test
    void aRolloutIsHowToWriteNotWhatSoNeverADifference() throws Exception {
        Document policy = document("Policy", "{\"timeouts\": {\"request\": \"3s\"}, \"rollout\": {\"canary\": \"10%\"}}");

        assertThat(Drift.lines(policy, JSON.readTree("{\"timeouts\": {\"request\": \"3s\"}}"))).isEmpty();
        assertThat(policy.body().has("rollout")).as("still written").isTrue();
    }

    @Test
    void aConfigsSecretsAreComparedByNameOnly() throws Exception {
        Document config = document("Config", "{\"values\": {\"a\": 1}, \"secrets\": {\"pw\": {\"fromEnv\": \"PW\"}}}");

        assertThat(Drift.lines(config, JSON.readTree("{\"service\": \"orders\", \"revision\": 3, \"values\": {\"a\": 1},"
                + " \"secrets\": {\"pw\": \"<secret>\"}}"))).isEmpty();
        assertThat(Drift.lines(config, JSON.readTree("{\"values\": {\"a\": 1}, \"secrets\": {}}")))
                .containsExactly("+ secrets.pw: \"<secret>\"");
    }

    @Test
    void fromEnvSecretsAreReadWhenAppliedAndAMissingOneIsRefused() throws Exception {
        ObjectNode spec = (ObjectNode) JSON.readTree("{\"secrets\": {\"pw\": {\"fromEnv\": \"PW\"}, \"k\": \"literal\"}}");

        assertThat(ConfigSecrets.resolved(spec, name -> Optional.ofNullable(Map.of("PW", "s3cret").get(name)), "c.yaml#1")
                .toString()).isEqualTo("{\"secrets\":{\"pw\":\"s3cret\",\"k\":\"literal\"}}");
        assertThatThrownBy(() -> ConfigSecrets.resolved(spec, name -> Optional.empty(), "c.yaml#1"))
                .hasMessage("c.yaml#1: spec.secrets.pw: fromEnv PW is not set");
        assertThatThrownBy(() -> ConfigSecrets.resolved((ObjectNode) JSON.readTree("{\"secrets\": {\"n\": 1}}"),
                name -> Optional.empty(), "c.yaml#1")).hasMessage("c.yaml#1: spec.secrets.n: number (expected: a "
                + "string or {fromEnv: VAR})");
    }

    private static Document document(String kind, String spec) throws Exception {
        return Document.of(JSON.readTree("{\"kind\": \"" + kind + "\", \"name\": \"orders\", \"spec\": " + spec + "}"),
                "test#1");
    }
}
