package io.banyan.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.banyan.e2e.support.ControlPlaneExtension;
import io.banyan.e2e.support.SidecarExtension;
import io.banyan.sidecar.Sidecar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The app reads its configuration through its own sidecar: a real control plane, real sidecars. A sidecar of a
 * service with no configuration becomes ready all the same; a PUT reaches only that service's sidecars; a long poll
 * started with the current version returns the next one; the file is rewritten; with the control plane stopped the
 * sidecar still answers the last configuration.
 */
class AppConfigIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final ControlPlaneExtension controlPlane = new ControlPlaneExtension();
    @RegisterExtension
    final SidecarExtension sidecars = new SidecarExtension(controlPlane);

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> config(Sidecar sidecar, String query, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sidecar.adminPort()
                + "/config" + query)).timeout(Duration.ofSeconds(70));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private CompletableFuture<HttpResponse<String>> longPoll(Sidecar sidecar, String version) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sidecar.adminPort()
                        + "/config?wait=60s&version=" + version)).timeout(Duration.ofSeconds(70)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void putConfig(String body) throws Exception {
        HttpResponse<String> put = controlPlane.admin().send("PUT", "/v1/services/orders/config",
                JSON.readTree(body));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    }

    @Test
    void theAppReadsItsConfigThroughItsSidecarAndKeepsItWhileTheControlPlaneIsAway() throws Exception {
        Path envFile = dir.resolve("orders.env");
        Sidecar orders = sidecars.withAppConfigFile("orders", envFile); // ready with no configuration at all
        Sidecar web = sidecars.client("web");
        HttpResponse<String> none = config(orders, "", Map.of());
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(none.body()).get("error").asText()).isEqualTo("no_config");

        putConfig("{\"values\": {\"greeting\": \"hello\", \"limits\": {\"rps\": 10}},"
                + " \"secrets\": {\"db.password\": \"s3cret\"}}");
        await().atMost(Duration.ofSeconds(15)).until(() -> config(orders, "", Map.of()).statusCode() == 200);
        HttpResponse<String> first = config(orders, "", Map.of());
        JsonNode body = JSON.readTree(first.body());
        String version = body.get("version").asText();
        assertThat(body.get("values")).isEqualTo(JSON.readTree("{\"db.password\": \"s3cret\", \"greeting\": \"hello\","
                + " \"limits\": {\"rps\": 10}}"));
        assertThat(first.headers().firstValue("ETag")).contains("\"" + version + "\"");
        assertThat(config(orders, "", Map.of("If-None-Match", "\"" + version + "\"")).statusCode()).isEqualTo(304);
        assertThat(config(web, "", Map.of()).statusCode()).as("another service's sidecar").isEqualTo(404);

        CompletableFuture<HttpResponse<String>> poll = longPoll(orders, version);
        assertThat(poll).as("parked while the version is current").isNotDone();
        putConfig("{\"values\": {\"greeting\": \"bonjour\"}, \"secrets\": {\"db.password\": \"s3cret\"}}");
        HttpResponse<String> changed = poll.get(60, TimeUnit.SECONDS);
        assertThat(changed.statusCode()).isEqualTo(200);
        JsonNode next = JSON.readTree(changed.body());
        assertThat(next.get("version").asText()).isNotEqualTo(version);
        assertThat(next.get("values")).isEqualTo(JSON.readTree("{\"db.password\": \"s3cret\","
                + " \"greeting\": \"bonjour\"}"));
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(envFile)
                && Files.readString(envFile).equals("DB_PASSWORD=s3cret\nGREETING=bonjour\n"));

        controlPlane.stop();
        HttpResponse<String> away = config(orders, "", Map.of());
        assertThat(away.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(away.body())).isEqualTo(next);
        HttpResponse<String> quiet = config(orders, "?wait=1s&version=" + next.get("version").asText(), Map.of());
        assertThat(quiet.statusCode()).as("no change within the wait").isEqualTo(304);
        assertThat(Files.readString(envFile)).isEqualTo("DB_PASSWORD=s3cret\nGREETING=bonjour\n");
    }
}
