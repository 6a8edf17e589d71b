package io.banyan.controlplane.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A small admin-API client for tests: one method per call, JSON bodies, the bearer token set. */
public final class AdminClient {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;
    private final String token;

    public AdminClient(int port, String token) {
        this.port = port;
        this.token = token;
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send("GET", path, null);
    }

    public HttpResponse<String> put(String path, String json) throws IOException, InterruptedException {
        return send("PUT", path, json);
    }

    public HttpResponse<String> send(String method, String path, String json) throws IOException, InterruptedException {
        return send(method, path, json, null);
    }

    /** A call with {@code If-Match: ifMatch} (null: without). */
    public HttpResponse<String> send(String method, String path, String json, String ifMatch)
            throws IOException, InterruptedException {
        return client.send(request(method, path, json, ifMatch), HttpResponse.BodyHandlers.ofString());
    }

    /** {@link #send(String, String, String, String)} without waiting for the answer. */
    public CompletableFuture<HttpResponse<String>> sendAsync(String method, String path, String json, String ifMatch) {
        return client.sendAsync(request(method, path, json, ifMatch), HttpResponse.BodyHandlers.ofString());
    }

    /** A call whose body is of {@code contentType}, with {@code If-Match: ifMatch} (null: without). */
    public HttpResponse<String> send(String method, String path, String body, String ifMatch, String contentType)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(request(method, path, body, ifMatch), (name, value) ->
                !name.equalsIgnoreCase("Content-Type"));
        return client.send(request.header("Content-Type", contentType).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String method, String path, String json, String ifMatch) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return request.build();
    }
}
