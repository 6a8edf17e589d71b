package io.banyan.e2e.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** The control plane's admin API as an operator's script would use it, over real HTTP. */
public final class AdminClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final String baseUrl;
    private final String token;

    public AdminClient(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    /** {@code http://127.0.0.1:PORT}, as {@code ctl --admin-url} takes it. */
    public String baseUrl() {
        return baseUrl;
    }

    /** The bearer token, as {@code ctl --admin-token} takes it. */
    public String token() {
        return token;
    }

    /** Registers a plain (non-mesh) instance; returns its id. */
    public String register(String service, String host, int port, Integer ttlSeconds) {
        Map<String, Object> body = ttlSeconds == null
                ? Map.of("host", host, "port", port)
                : Map.of("host", host, "port", port, "ttlSeconds", ttlSeconds);
        JsonNode created = expect(201, send("POST", "/v1/services/" + service + "/instances", body));
        return created.get("id").asText();
    }

    public void heartbeat(String id) {
        expect(204, send("PUT", "/v1/instances/" + id + "/heartbeat", null));
    }

    public void deregister(String id) {
        expect(204, send("DELETE", "/v1/instances/" + id, null));
    }

    public String joinToken(String service) {
        return expect(201, send("POST", "/v1/tokens", Map.of("service", service))).get("token").asText();
    }

    public JsonNode service(String service) {
        return expect(200, send("GET", "/v1/services/" + service, null));
    }

    /** {@code GET /v1/sidecars}: the sidecars with an open ADS stream and what each ACKed. */
    public JsonNode sidecars() {
        return expect(200, send("GET", "/v1/sidecars", null));
    }

    public HttpResponse<String> send(String method, String path, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .header("Authorization", "Bearer " + token)
                    .timeout(java.time.Duration.ofSeconds(10));
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode expect(int status, HttpResponse<String> response) {
        if (response.statusCode() != status) {
            throw new AssertionError("expected " + status + " from " + response.request().method() + " "
                    + response.uri() + " but got " + response.statusCode() + ": " + response.body());
        }
        try {
            return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
