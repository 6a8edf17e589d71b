package io.banyan.controlplane.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.banyan.controlplane.ControlPlane;
import io.banyan.controlplane.ControlPlaneSettings;
import io.banyan.controlplane.store.Store;
import io.banyan.controlplane.support.AdminClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * App configuration over the real admin API of a real control plane: PUT, GET, PATCH and DELETE with ETags and
 * If-Match, revisions of kind config whose secrets are never shown, a revert, a dry run; secrets sealed in the store.
 */
class AppConfigResourceIT {

    private static final String TOKEN = "app-config-admin-token";
    private static final String PATH = "/v1/services/orders/config";
    private static final String MERGE_PATCH = "application/merge-patch+json";
    private static final String PLAINTEXT = "hunter2-plaintext-secret";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private ControlPlane controlPlane;
    private AdminClient admin;

    @BeforeEach
    void start() throws Exception {
        controlPlane = ControlPlane.start(ControlPlaneSettings.builder(dataDir).bindAddress("127.0.0.1").adminPort(0)
                .xdsPort(0).adminToken(TOKEN).build());
        admin = new AdminClient(controlPlane.adminPort(), TOKEN);
    }

    @AfterEach
    void stop() {
        controlPlane.close();
    }

    private static JsonNode json(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    private static String etag(HttpResponse<String> response) {
        return response.headers().firstValue("ETag").orElseThrow();
    }

    private HttpResponse<String> put(String body) throws Exception {
        return admin.send("PUT", PATH, body);
    }

    @Test
    void putGetPatchDeleteWithSecretsNeverShown() throws Exception {
        HttpResponse<String> put = put("{\"values\": {\"greeting\": \"hi\", \"limits\": {\"rps\": 10}},"
                + " \"secrets\": {\"db.password\": \"" + PLAINTEXT + "\"}}");
        JsonNode written = json(put, 200);
        assertThat(written.get("service").asText()).isEqualTo("orders");
        assertThat(etag(put)).isEqualTo("\"" + written.get("revision").asLong() + "\"");
        assertThat(written.get("secrets")).isEqualTo(JSON.readTree("{\"db.password\": \"<secret>\"}"));
        assertThat(put.body()).doesNotContain(PLAINTEXT);

        HttpResponse<String> get = admin.get(PATH);
        assertThat(json(get, 200).get("values")).isEqualTo(JSON.readTree("{\"greeting\": \"hi\","
                + " \"limits\": {\"rps\": 10}}"));
        assertThat(etag(get)).isEqualTo(etag(put));

        HttpResponse<String> patched = admin.send("PATCH", PATH, "{\"values\": {\"greeting\": null, \"n\": 2}}",
                etag(get), MERGE_PATCH);
        assertThat(json(patched, 200).get("values")).isEqualTo(JSON.readTree("{\"limits\": {\"rps\": 10},"
                + " \"n\": 2}"));
        assertThat(json(patched, 200).get("secrets").get("db.password").asText()).isEqualTo("<secret>");
        assertThat(admin.send("PATCH", PATH, "{\"values\": {\"n\": 3}}").statusCode()).as("merge-patch only")
                .isEqualTo(415);

        assertThat(admin.send("DELETE", PATH, null).statusCode()).isEqualTo(204);
        assertThat(admin.get(PATH).statusCode()).isEqualTo(404);
        assertThat(admin.get("/v1/services/nobody/config").statusCode()).isEqualTo(404);
    }

    @Test
    void aStagedWriteIsAnswered202WithItsRolloutAndHoldsOtherWritesToTheConfiguration() throws Exception {
        HttpResponse<String> staged = put("{\"values\": {\"greeting\": \"hi\"}, \"rollout\": {\"canary\": \"10%\","
                + " \"bake\": \"1h\"}}");
        JsonNode answer = json(staged, 202);
        assertThat(answer.get("values").get("greeting").asText()).isEqualTo("hi");
        assertThat(answer.at("/rollout/kind").asText()).isEqualTo("config");
        assertThat(answer.at("/rollout/state").asText()).isEqualTo("baking");

        HttpResponse<String> held = admin.send("PATCH", PATH, "{\"values\": {\"n\": 2}}", null, MERGE_PATCH);
        assertThat(json(held, 409).get("detail").asText()).contains(answer.at("/rollout/id").asText());
        assertThat(json(admin.send("DELETE", PATH, null), 409)).isNotNull();
    }

    @Test
    void aSecretIsNotReadableInRevisionsNorInTheStoreFile() throws Exception {
        json(put("{\"secrets\": {\"pw\": \"" + PLAINTEXT + "\"}}"), 200);
        json(put("{\"secrets\": {\"pw\": \"" + PLAINTEXT + "-2\"}}"), 200);

        HttpResponse<String> list = admin.get("/v1/revisions?kind=config&service=orders");
        JsonNode revisions = json(list, 200).get("revisions");
        assertThat(list.body()).doesNotContain(PLAINTEXT).doesNotContain("v1:");
        assertThat(revisions).hasSize(2);
        assertThat(revisions.get(0).get("diff").get(0).asText()).isEqualTo("~ secrets.pw: <secret> -> <secret>");
        HttpResponse<String> whole = admin.get("/v1/revisions/" + revisions.get(0).get("revision").asLong());
        assertThat(json(whole, 200).get("after").get("secrets").get("pw").asText()).isEqualTo("<secret>");
        assertThat(whole.body()).doesNotContain(PLAINTEXT).doesNotContain("v1:");

        controlPlane.close();
        byte[] file = Files.readAllBytes(dataDir.resolve(Store.FILE_NAME));
        assertThat(new String(file, StandardCharsets.ISO_8859_1)).doesNotContain(PLAINTEXT).contains("v1:");
        controlPlane = ControlPlane.start(ControlPlaneSettings.builder(dataDir).bindAddress("127.0.0.1")
                .adminPort(0).xdsPort(0).adminToken(TOKEN).build());
        admin = new AdminClient(controlPlane.adminPort(), TOKEN);
        assertThat(json(admin.get(PATH), 200).get("secrets").get("pw").asText()).as("reloaded, still sealed")
                .isEqualTo("<secret>");
    }

    @Test
    void aSecretThatDoesNotDecryptFailsClosedForItsServiceOnly() throws Exception {
        json(put("{\"values\": {\"a\": 1}, \"secrets\": {\"pw\": \"" + PLAINTEXT + "\"}}"), 200);
        json(admin.send("PUT", "/v1/services/web/config", "{\"values\": {\"b\": 2}}"), 200);
        controlPlane.close();
        Path otherKey = Files.writeString(dataDir.resolve("other.key"),
                Base64.getEncoder().encodeToString(new byte[32]));

        controlPlane = ControlPlane.start(ControlPlaneSettings.builder(dataDir).bindAddress("127.0.0.1")
                .adminPort(0).xdsPort(0).adminToken(TOKEN).configKeyFile(otherKey).build());
        admin = new AdminClient(controlPlane.adminPort(), TOKEN);

        JsonNode invalid = json(admin.get("/v1/xds/invalid-resources"), 200).get("invalidResources");
        assertThat(invalid).hasSize(1);
        assertThat(invalid.get(0).get("service").asText()).isEqualTo("orders");
        assertThat(invalid.get(0).get("resource").asText()).isEqualTo("app-config/orders");
        assertThat(invalid.toString()).contains("does not decrypt").doesNotContain(PLAINTEXT);
        assertThat(json(admin.get(PATH), 200).get("secrets").get("pw").asText()).isEqualTo("<secret>");
        assertThat(json(admin.get("/v1/services/web/config"), 200).get("values").get("b").asInt()).isEqualTo(2);
    }

    @Test
    void aMalformedKeyFileRefusesToStartNamingIt() throws Exception {
        controlPlane.close();
        Path bad = Files.writeString(dataDir.resolve("bad.key"), "AAAA");

        assertThatThrownBy(() -> ControlPlane.start(ControlPlaneSettings.builder(dataDir).bindAddress("127.0.0.1")
                .adminPort(0).xdsPort(0).adminToken(TOKEN).configKeyFile(bad).build()))
                .hasMessage("config-key-file: " + bad + " holds 3 bytes (expected: 32 bytes, base64)");
        controlPlane = ControlPlane.start(ControlPlaneSettings.builder(dataDir).bindAddress("127.0.0.1")
                .adminPort(0).xdsPort(0).adminToken(TOKEN).build());
    }

    @Test
    void aStaleIfMatchIsA412AndWritesNothing() throws Exception {
        String first = etag(put("{\"values\": {\"a\": 1}}"));
        assertThat(admin.send("PUT", PATH, "{\"values\": {\"a\": 2}}", first).statusCode()).isEqualTo(200);

        HttpResponse<String> stale = admin.send("PUT", PATH, "{\"values\": {\"a\": 3}}", first);
        assertThat(stale.statusCode()).as(stale.body()).isEqualTo(412);
        assertThat(admin.send("PATCH", PATH, "{\"values\": {\"a\": 3}}", first, MERGE_PATCH).statusCode())
                .isEqualTo(412);
        assertThat(admin.send("DELETE", PATH, null, first).statusCode()).isEqualTo(412);
        assertThat(json(admin.get(PATH), 200).get("values").get("a").asInt()).isEqualTo(2);
    }

    @Test
    void revertingAConfigRevisionRestoresTheEarlierValuesAndSecrets() throws Exception {
        json(put("{\"values\": {\"a\": 1}, \"secrets\": {\"pw\": \"one\"}}"), 200);
        long second = json(put("{\"values\": {\"a\": 2}, \"secrets\": {\"pw\": \"two\"}}"), 200).get("revision")
                .asLong();

        HttpResponse<String> revert = admin.send("POST", "/v1/revisions/" + second + "/revert", null);
        assertThat(revert.statusCode()).as(revert.body()).isEqualTo(201);

        assertThat(json(admin.get(PATH), 200).get("values").get("a").asInt()).isEqualTo(1);
        JsonNode latest = json(admin.get("/v1/revisions?kind=config&limit=1"), 200).get("revisions").get(0);
        assertThat(latest.get("revertOf").asLong()).isEqualTo(second);
        assertThat(latest.get("diff").toString()).contains("~ values.a: 2 -> 1", "~ secrets.pw: <secret> -> <secret>");
    }

    @Test
    void aDryRunValidatesAndAnswersWithoutStoring() throws Exception {
        String etag = etag(put("{\"values\": {\"a\": 1}}"));

        HttpResponse<String> dry = admin.send("PUT", PATH + "?dryRun=true", "{\"values\": {\"a\": 5},"
                + " \"secrets\": {\"pw\": \"x\"}}", etag);
        JsonNode answer = json(dry, 200);
        assertThat(answer.get("dryRun").asBoolean()).isTrue();
        assertThat(answer.get("values").get("a").asInt()).isEqualTo(5);
        assertThat(answer.get("secrets").get("pw").asText()).isEqualTo("<secret>");
        assertThat(admin.send("PUT", PATH + "?dryRun=true", "{\"values\": {\"a\": 5}}", "\"999\"").statusCode())
                .isEqualTo(412);
        assertThat(admin.send("PUT", PATH + "?dryRun=true", "{\"nope\": {}}").statusCode()).isEqualTo(400);

        assertThat(json(admin.get(PATH), 200).get("values").get("a").asInt()).isEqualTo(1);
        assertThat(etag(admin.get(PATH))).isEqualTo(etag);
    }

    @Test
    void badBodiesAreRefusedNamingTheField() throws Exception {
        JsonNode unknown = json(put("{\"values\": {}, \"extra\": 1}"), 400);
        assertThat(unknown.get("detail").asText()).isEqualTo("extra: unknown field (expected: values, secrets)");
        JsonNode both = json(put("{\"values\": {\"k\": 1}, \"secrets\": {\"k\": \"x\"}}"), 400);
        assertThat(both.get("detail").asText()).contains("secrets.k: also in values");
        String big = "{\"values\": {\"k\": \"" + "x".repeat(AppConfigResource.MAX_BODY_BYTES) + "\"}}";
        assertThat(put(big).statusCode()).isEqualTo(413);
    }
}
