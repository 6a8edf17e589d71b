package io.banyan.controlplane.appconfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.banyan.controlplane.registry.InvalidFieldException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Documents, merge patches (RFC 7396) and the edits made of them; sealing here is a visible stand-in. */
class ConfigEditTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ConfigEdit.Sealing SEALING = (key, plaintext) -> "sealed(" + key + "=" + plaintext + ")";

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void mergePatchFollowsRfc7396() throws Exception {
        JsonNode target = json("{\"a\": \"b\", \"c\": {\"d\": \"e\", \"f\": \"g\"}, \"l\": [1, 2]}");
        JsonNode patch = json("{\"a\": \"z\", \"c\": {\"f\": null}, \"l\": [3], \"n\": {\"x\": null}}");

        assertThat(MergePatch.apply(target, patch))
                .isEqualTo(json("{\"a\": \"z\", \"c\": {\"d\": \"e\"}, \"l\": [3], \"n\": {}}"));
        assertThat(MergePatch.apply(target, json("[1]"))).isEqualTo(json("[1]"));
        assertThat(target).as("unchanged").isEqualTo(json("{\"a\": \"b\", \"c\": {\"d\": \"e\", \"f\": \"g\"},"
                + " \"l\": [1, 2]}"));
    }

    @Test
    void aPatchSetsAndRemovesKeysAndSealsOnlyTheSecretsItNames() throws Exception {
        ConfigDocument current = ConfigDocument.of(json("{\"values\": {\"a\": 1, \"b\": 2},"
                + " \"secrets\": {\"old\": \"v1:kept\", \"gone\": \"v1:x\"}}"));

        ConfigDocument next = ConfigEdit.patch(json("{\"values\": {\"a\": {\"deep\": true}, \"b\": null},"
                + " \"secrets\": {\"pw\": \"x\", \"gone\": null}}")).apply(current, SEALING);

        assertThat(next.toJson()).isEqualTo(json("{\"values\": {\"a\": {\"deep\": true}},"
                + " \"secrets\": {\"old\": \"v1:kept\", \"pw\": \"sealed(pw=x)\"}}"));
    }

    @Test
    void aPutSealsEverySecret() throws Exception {
        ConfigDocument next = ConfigEdit.put(ConfigDocument.of(json("{\"values\": {\"n\": 3},"
                + " \"secrets\": {\"pw\": \"x\"}}"))).apply(ConfigDocument.EMPTY, SEALING);

        assertThat(next.secrets()).containsExactly(java.util.Map.entry("pw", "sealed(pw=x)"));
        assertThat(next.values().get("n").asInt()).isEqualTo(3);
    }

    @Test
    void documentsAreStrict() {
        assertThatThrownBy(() -> ConfigDocument.of(json("{\"values\": {}, \"extra\": 1}")))
                .isInstanceOf(InvalidFieldException.class).hasMessage("extra: unknown field (expected: values, secrets)");
        assertThatThrownBy(() -> ConfigDocument.of(json("{\"values\": {\"a b\": 1}}")))
                .hasMessage("values: key 'a b' (expected: 1 to 128 of A-Z a-z 0-9 _ . -)");
        assertThatThrownBy(() -> ConfigDocument.of(json("{\"values\": {\"pw\": 1}, \"secrets\": {\"pw\": \"x\"}}")))
                .hasMessage("secrets.pw: also in values (expected: a key in values or in secrets, not both)");
        assertThatThrownBy(() -> ConfigDocument.of(json("{\"secrets\": {\"pw\": 1}}")))
                .hasMessage("secrets.pw: number (expected: a string)");
        assertThatThrownBy(() -> ConfigEdit.patch(json("{\"secrets\": {\"pw\": 1}}")))
                .hasMessage("secrets.pw: number (expected: a string)");
        StringBuilder many = new StringBuilder("{\"values\": {");
        for (int i = 0; i <= ConfigDocument.MAX_KEYS; i++) {
            many.append(i == 0 ? "" : ",").append("\"k").append(i).append("\": ").append(i);
        }
        assertThatThrownBy(() -> ConfigDocument.of(json(many + "}}")))
                .hasMessage("values and secrets: 1001 keys (expected: at most 1000)");
    }
}
