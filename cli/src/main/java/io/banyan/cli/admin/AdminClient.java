package io.banyan.cli.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.banyan.primitives.json.JsonMappers;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;

/** Calls the admin REST API with its bearer token; bodies are JSON. Blocking: not for event loops. */
public final class AdminClient {

    private static final ObjectMapper JSON = JsonMappers.lenient();

    private final HttpClient http;
    private final URI baseUrl;
    private final String token;
    private final Duration timeout;

    public AdminClient(URI baseUrl, String token, Duration timeout) {
        String base = Objects.requireNonNull(baseUrl, "admin-url").toString();
        if (!base.startsWith("http://") && !base.startsWith("https://")) {
            throw new IllegalArgumentException("admin-url: '" + base + "' (expected: http://HOST:PORT)");
        }
        this.baseUrl = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        this.token = token == null ? "" : token;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    public URI baseUrl() {
        return baseUrl;
    }

    public AdminAnswer get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    public AdminAnswer delete(String path) throws IOException, InterruptedException {
        return send(request(path).DELETE());
    }

    public AdminAnswer put(String path) throws IOException, InterruptedException {
        return send(request(path).PUT(HttpRequest.BodyPublishers.noBody()));
    }

    /** POSTs without a body (an action such as {@code /v1/migrations/{name}/advance}). */
    public AdminAnswer post(String path) throws IOException, InterruptedException {
        return send(request(path).POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** PUTs {@code body} (a record, map or JsonNode) as JSON. */
    public AdminAnswer put(String path, Object body) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(toJson(body))));
    }

    /** POSTs {@code body} (a record, map or JsonNode) as JSON. */
    public AdminAnswer post(String path, Object body) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(toJson(body))));
    }

    /**
     * {@code method} on {@code path} with {@code body} as JSON (none when null) and {@code If-Match: ifMatch} (none
     * when null or empty): the form of every configuration write.
     */
    public AdminAnswer send(String method, String path, Object body, String ifMatch)
            throws IOException, InterruptedException {
        return send(method, path, "application/json", body, ifMatch);
    }

    /** PATCHes {@code body} as {@code contentType} (a merge patch), with {@code If-Match: ifMatch} unless null. */
    public AdminAnswer patch(String path, String contentType, Object body, String ifMatch)
            throws IOException, InterruptedException {
        return send("PATCH", path, contentType, body, ifMatch);
    }

    private AdminAnswer send(String method, String path, String contentType, Object body, String ifMatch)
            throws IOException, InterruptedException {
        HttpRequest.Builder builder = request(path);
        if (ifMatch != null && !ifMatch.isEmpty()) {
            builder.header("If-Match", ifMatch);
        }
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", contentType)
                    .method(method, HttpRequest.BodyPublishers.ofString(toJson(body)));
        }
        return send(builder);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(timeout)
                .header("Accept", "application/json");
        if (!token.isEmpty()) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private AdminAnswer send(HttpRequest.Builder builder) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        return new AdminAnswer(response.statusCode(), response.body(),
                response.headers().firstValue("ETag").orElse(""));
    }

    private static String toJson(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("body: not serializable as JSON (" + e.getOriginalMessage() + ")", e);
        }
    }
}
