package io.banyan.controlplane.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.banyan.controlplane.registry.Registry;
import io.banyan.controlplane.store.Store;
import io.banyan.controlplane.store.StoredInstance;
import io.banyan.controlplane.token.JoinTokens;
import io.banyan.testkit.time.FakeClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Registrations over REST from many concurrent clients: each is answered 201 only once durable (a copy of the
 * files taken right after the last answer, as a crash would leave them, holds every one), and the store's group
 * commit covers several of them per sync.
 */
class ConcurrentRegistrationIT {

    private static final String TOKEN = "s3cret-admin-token";
    private static final int REGISTRATIONS = 400;
    private static final int IN_FLIGHT = 32;

    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Store store;
    private Registry registry;
    private AdminServer server;

    @BeforeEach
    void start() throws Exception {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        store = Store.open(dir.resolve("live"));
        registry = new Registry(store, new FakeClock(), prometheus);
        JoinTokens tokens = new JoinTokens(store, new FakeClock(), new SecureRandom());
        server = new AdminServer("127.0.0.1", 0, TOKEN, prometheus, AdminResources.registry(registry, tokens)).start();
    }

    @AfterEach
    void stop() {
        server.close();
        registry.close();
        store.close();
    }

    private CompletableFuture<HttpResponse<String>> register(int i) {
        String body = "{\"host\":\"10.0." + (i / 256) + "." + (i % 256) + "\",\"port\":8080,\"ttlSeconds\":30}";
        return client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                                + "/v1/services/svc-" + (i % 8) + "/instances"))
                        .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + TOKEN)
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyAnsweredRegistrationIsDurableAndSyncsAreShared() throws Exception {
        long syncsBefore = store.syncs();
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < REGISTRATIONS; i++) {
            inFlight.acquire();
            answers.add(register(i).whenComplete((response, failure) -> inFlight.release()));
        }
        Set<String> ids = new HashSet<>();
        ObjectMapper json = new ObjectMapper();
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get(60, TimeUnit.SECONDS);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            ids.add(json.readTree(response.body()).get("id").asText());
        }
        Path crashed = crashCopy();

        assertThat(ids).hasSize(REGISTRATIONS);
        assertThat(store.syncs() - syncsBefore).as("one sync covers several clients' registrations")
                .isLessThan(REGISTRATIONS);
        try (Store reopened = Store.open(crashed)) {
            assertThat(reopened.instances().values()).extracting(StoredInstance::id).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(reopened.services().values()).hasSize(8);
        }
    }

    /** The store's files as they are now, the store still open: what a crash would leave. */
    private Path crashCopy() {
        Path crashed = dir.resolve("crashed");
        try {
            Files.createDirectories(crashed);
            for (String name : List.of(Store.FILE_NAME, Store.FILE_NAME + ".version")) {
                Files.copy(dir.resolve("live").resolve(name), crashed.resolve(name));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return crashed;
    }
}
