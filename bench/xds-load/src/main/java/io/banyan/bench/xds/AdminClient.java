package io.banyan.bench.xds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;

/**
 * The control plane's admin REST API as the generator uses it, over at most {@code connections} concurrent
 * keep-alive HTTP/1.1 connections: a call waits (on the calling thread, never an event loop) for one of them to be
 * free. Every call answers with the response's status checked against the one expected.
 */
public final class AdminClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final String base;
    private final String bearer;
    private final Semaphore permits;
    private final ObjectMapper json = new ObjectMapper();

    public AdminClient(String host, int port, String token, int connections, Executor executor) {
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                .connectTimeout(TIMEOUT).build();
        this.base = "http://" + host + ":" + port;
        this.bearer = "Bearer " + token;
        this.permits = new Semaphore(connections);
    }

    /** Registers {@code host:port} (replacing the same address if registered); answers the instance id. */
    public CompletableFuture<String> register(String service, String address, int weight, long ttlSeconds) {
        int colon = address.lastIndexOf(':');
        Map<String, Object> body = Map.of("host", address.substring(0, colon),
                "port", Integer.parseInt(address.substring(colon + 1)), "weight", weight, "ttlSeconds", ttlSeconds);
        return call("POST", "/v1/services/" + service + "/instances", body, 201)
                .thenApply(answer -> answer.path("id").asText());
    }

    public CompletableFuture<JsonNode> deregister(String id) {
        return call("DELETE", "/v1/instances/" + id, null, 204);
    }

    public CompletableFuture<JsonNode> heartbeat(String id) {
        return call("PUT", "/v1/instances/" + id + "/heartbeat", null, 204);
    }

    /** Replaces the service's policy with one whose only non-default is the connect timeout. */
    public CompletableFuture<JsonNode> connectTimeout(String service, long millis) {
        return call("PUT", "/v1/services/" + service + "/policy",
                Map.of("timeouts", Map.of("connect", millis + "ms")), 200);
    }

    /** A join token for a sidecar of {@code service}. */
    public CompletableFuture<String> joinToken(String service) {
        return call("POST", "/v1/tokens", Map.of("service", service), 201)
                .thenApply(answer -> answer.path("token").asText());
    }

    private CompletableFuture<JsonNode> call(String method, String path, Object body, int expected) {
        HttpRequest.BodyPublisher publisher;
        try {
            publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body));
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
                .header("Authorization", bearer)
                .method(method, publisher);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        permits.acquireUninterruptibly();
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                .whenComplete((response, failure) -> permits.release())
                .thenApply(response -> {
                    if (response.statusCode() != expected) {
                        String text = response.body();
                        throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " "
                                + text.substring(0, Math.min(200, text.length())) + " (expected: " + expected + ")");
                    }
                    try {
                        return response.body().isEmpty() ? json.nullNode() : json.readTree(response.body());
                    } catch (Exception e) {
                        throw new IllegalStateException(method + " " + path + ": not JSON", e);
                    }
                });
    }
}
