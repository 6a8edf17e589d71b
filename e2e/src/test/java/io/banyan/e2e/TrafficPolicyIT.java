package io.banyan.e2e;

import io.banyan.dataplane.config.MeshConfig;
import io.banyan.dataplane.config.RouteAction;
import io.banyan.dataplane.config.RouteConfig;
import io.banyan.e2e.support.ControlPlaneExtension;
import io.banyan.e2e.support.MeshClient;
import io.banyan.e2e.support.Scrape;
import io.banyan.e2e.support.SidecarExtension;
import io.banyan.sidecar.Sidecar;
import io.banyan.testkit.upstream.AppUpstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A service's traffic policy, set through the admin API, as the calling sidecar applies it. */
class TrafficPolicyIT {

    @RegisterExtension
    final ControlPlaneExtension controlPlane = new ControlPlaneExtension();
    @RegisterExtension
    final SidecarExtension sidecars = new SidecarExtension(controlPlane);

    private final MeshClient client = new MeshClient();
    private final List<AutoCloseable> upstreams = new ArrayList<>();

    @AfterEach
    void stopUpstreams() throws Exception {
        for (AutoCloseable upstream : upstreams) {
            upstream.close();
        }
    }

    @Test
    void retriesOn5xxHideAnInstanceFailingHalfTheTime() throws Exception {
        register(AppUpstream.named("flaky").script(n -> n % 2 == 0 ? 503 : 200).start());
        register(AppUpstream.always("good-1", 200));
        register(AppUpstream.always("good-2", 200));
        Sidecar web = clientWithPolicy(Map.of("retries", Map.of("retryOn", "5xx", "numRetries", 2)), 3,
                action -> action.retryPolicy().numRetries() == 2);

        int failed = 0;
        for (int i = 0; i < 1000; i++) {
            if (client.get(web.upstreamPort("orders"), "/orders").statusCode() != 200) {
                failed++;
            }
        }

        assertThat(failed).isLessThan(5); // < 0.5%
    }

    @Test
    void whenEveryInstanceFailsRetriesStayWithinTheBudgetAndTheBreakerOpens() throws Exception {
        for (int i = 1; i <= 3; i++) {
            register(AppUpstream.always("down-" + i, 503));
        }
        Sidecar web = clientWithPolicy(Map.of("retries", Map.of("retryOn", "5xx", "numRetries", 2),
                        "circuitBreaking", Map.of("endpoint", Map.of("minimumCalls", 5, "slidingWindowSize", 10,
                                "openDuration", "60s"))), 3,
                action -> action.retryPolicy().numRetries() == 2);

        int requests = 0;
        boolean circuitOpen = false;
        while (!circuitOpen && requests < 200) {
            HttpResponse<String> response = client.get(web.upstreamPort("orders"), "/orders");
            requests++;
            assertThat(response.statusCode()).isEqualTo(503);
            circuitOpen = "circuit_open".equals(response.headers().firstValue("x-banyan-error").orElse(""));
        }

        assertThat(circuitOpen).as("a circuit_open answer within 200 requests").isTrue();
        double retries = Scrape.of(web.adminPort()).sum("banyan_retries_total", Map.of("service", "orders"));
        assertThat(retries).isGreaterThan(0).isLessThanOrEqualTo(2.0 * requests);
    }

    @Test
    void aPostIsRetriedOnlyWithAnIdempotencyKey() throws Exception {
        AppUpstream first = register(AppUpstream.always("down-1", 503));
        AppUpstream second = register(AppUpstream.always("down-2", 503));
        Sidecar web = clientWithPolicy(Map.of("retries", Map.of("retryOn", "5xx", "numRetries", 2)), 2,
                action -> action.retryPolicy().numRetries() == 2);

        assertThat(post(web, "small body", null).statusCode()).isEqualTo(503);
        assertThat(first.requests() + second.requests()).isEqualTo(1);

        assertThat(post(web, "small body", "key-1").statusCode()).isEqualTo(503);
        // one try and both retries: the first on the other endpoint, the second on one already tried
        assertThat(first.requests() + second.requests()).isEqualTo(4);
    }

    @Test
    void aBodyBeyondTheReplayBufferIsNotRetried() throws Exception {
        AppUpstream first = register(AppUpstream.always("down-1", 503));
        AppUpstream second = register(AppUpstream.always("down-2", 503));
        Sidecar web = clientWithPolicy(Map.of("retries", Map.of("retryOn", "5xx", "numRetries", 2)), 2,
                action -> action.retryPolicy().numRetries() == 2);

        assertThat(post(web, "x".repeat(1024 * 1024), "key-1").statusCode()).isEqualTo(503);

        assertThat(first.requests() + second.requests()).isEqualTo(1);
    }

    @Test
    void aPerTryTimeoutMovesTheRequestOnFromAHangingInstance() throws Exception {
        register(AppUpstream.named("hanging").script(n -> AppUpstream.HANG).start());
        register(AppUpstream.always("good", 200));
        Sidecar web = clientWithPolicy(Map.of("retries", Map.of("retryOn", "reset", "numRetries", 1),
                        "timeouts", Map.of("perTry", "0.2s", "request", "10s")), 2,
                action -> action.retryPolicy().perTryTimeout().equals(Duration.ofMillis(200)));

        for (int i = 0; i < 10; i++) {
            HttpResponse<String> response = client.get(web.upstreamPort("orders"), "/orders");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("good");
        }
    }

    @Test
    void consecutive5xxEjectAnInstance() throws Exception {
        register(AppUpstream.always("down", 503));
        register(AppUpstream.always("good-1", 200));
        register(AppUpstream.always("good-2", 200));
        Sidecar web = clientWithPolicy(Map.of("retries", Map.of("numRetries", 0),
                        "outlierDetection", Map.of("consecutive5xx", 3, "maxEjectionPercent", 50)), 3,
                action -> action.retryPolicy().numRetries() == 0);
        await().atMost(Duration.ofSeconds(15)).until(() -> web.currentConfig().clusters().get("orders")
                .outlierDetection() != null);

        for (int i = 0; i < 30; i++) {
            client.get(web.upstreamPort("orders"), "/orders");
        }
        Set<String> answeredBy = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            answeredBy.add(client.get(web.upstreamPort("orders"), "/orders").body());
        }

        assertThat(Scrape.of(web.adminPort()).sum("banyan_outlier_ejections_total", Map.of("service", "orders")))
                .isGreaterThanOrEqualTo(1);
        assertThat(answeredBy).containsOnly("good-1", "good-2");
    }

    @Test
    void ringHashOnAHeaderKeepsAKeyOnOneInstance() throws Exception {
        List<AppUpstream> counting = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            AppUpstream upstream = AppUpstream.start("orders-" + i);
            upstreams.add(upstream);
            counting.add(upstream);
            controlPlane.admin().register("orders", "127.0.0.1", upstream.port(), null);
        }
        Sidecar web = clientWithPolicy(Map.of("loadBalancing", Map.of("policy", "ring_hash",
                "hash", Map.of("header", "x-user"))), 3, action -> action.hash() != null);

        for (String user : List.of("alice", "bob", "carol")) {
            Set<String> instances = new HashSet<>();
            for (int i = 0; i < 20; i++) {
                instances.add(client.send(HttpRequest.newBuilder(MeshClient.uri(web.upstreamPort("orders"), "/orders"))
                        .header("x-user", user).build(), HttpResponse.BodyHandlers.ofString()).body());
            }
            assertThat(instances).as(user).hasSize(1);
        }
    }

    @Test
    void theServicesRateLimitAnswers429() throws Exception {
        AppUpstream app = AppUpstream.start("orders-1");
        upstreams.add(app);
        putPolicy(Map.of("rateLimit", Map.of("maxTokens", 3, "tokensPerFill", 1, "fillInterval", "1h")));
        Sidecar orders = sidecars.forApp("orders", app.port(), Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(15)).until(() -> anyRoute(orders.currentConfig(), "inbound",
                action -> action.rateLimit() != null));
        Sidecar web = sidecars.client("web", "orders");
        await().atMost(Duration.ofSeconds(15)).until(() -> MeshClient.endpointCount(web, "orders") == 1);

        List<Integer> statuses = new ArrayList<>();
        HttpResponse<String> last = null;
        for (int i = 0; i < 4; i++) {
            last = client.get(web.upstreamPort("orders"), "/orders");
            statuses.add(last.statusCode());
        }

        assertThat(statuses).containsExactly(200, 200, 200, 429);
        assertThat(last.headers().firstValue("x-banyan-error")).hasValue("rate_limited");
        assertThat(app.requests()).isEqualTo(3);
    }

    @Test
    void anInstanceFailingItsHealthCheckGetsNoTraffic() throws Exception {
        AppUpstream sick = register(AppUpstream.always("sick", 200));
        register(AppUpstream.always("well-1", 200));
        register(AppUpstream.always("well-2", 200));
        sick.healthStatus(503);
        Sidecar web = clientWithPolicy(Map.of("healthCheck", Map.of("path", "/health", "interval", "100ms",
                "unhealthyThreshold", 1)), 3, action -> true);
        await().atMost(Duration.ofSeconds(15)).until(() -> web.currentConfig().clusters().get("orders")
                .healthCheck() != null);

        await().atMost(Duration.ofSeconds(15)).until(() -> {
            Set<String> answeredBy = new HashSet<>();
            for (int i = 0; i < 9; i++) {
                answeredBy.add(client.get(web.upstreamPort("orders"), "/orders").body());
            }
            return answeredBy.equals(Set.of("well-1", "well-2"));
        });
        int before = sick.requests();
        for (int i = 0; i < 30; i++) {
            assertThat(client.get(web.upstreamPort("orders"), "/orders").body()).isNotEqualTo("sick");
        }
        assertThat(sick.requests()).isEqualTo(before);
    }

    @Test
    void aKilledInstanceCostsAlmostNoRequestsWithRetries() throws Exception {
        List<Sidecar> instances = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            AppUpstream app = AppUpstream.start("orders-" + i);
            upstreams.add(app);
            instances.add(sidecars.forApp("orders", app.port(), Duration.ofSeconds(10)));
        }
        Sidecar web = clientWithPolicy(Map.of("retries", Map.of("retryOn", "connect-failure,reset,5xx",
                "numRetries", 2)), 3, action -> action.retryPolicy().retryOn().size() == 3);

        long total;
        List<String> failures;
        try (io.banyan.e2e.support.SteadyTraffic traffic = io.banyan.e2e.support.SteadyTraffic.start(
                web.upstreamPort("orders"), "/orders", 2, Duration.ofMillis(2))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> traffic.succeeded() >= 300);
            instances.get(0).kill();
            long atKill = traffic.succeeded();
            await().atMost(Duration.ofSeconds(60)).until(() -> traffic.succeeded() >= atKill + 1000);
            traffic.close();
            failures = traffic.failures();
            total = traffic.succeeded() + failures.size();
        }

        assertThat(failures.size()).as("%s", failures).isLessThanOrEqualTo((int) (total / 1000));
    }

    private AppUpstream register(AppUpstream upstream) {
        upstreams.add(upstream);
        controlPlane.admin().register("orders", "127.0.0.1", upstream.port(), null);
        return upstream;
    }

    private void putPolicy(Map<String, Object> policy) {
        HttpResponse<String> response = controlPlane.admin().send("PUT", "/v1/services/orders/policy", policy);
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 204);
    }

    /** Sets the policy of orders, starts a client sidecar and waits for the endpoints and the route policy. */
    private Sidecar clientWithPolicy(Map<String, Object> policy, int endpoints, Predicate<RouteAction> routeArrived) {
        putPolicy(policy);
        Sidecar web = sidecars.client("web", "orders");
        await().atMost(Duration.ofSeconds(15)).until(() -> MeshClient.endpointCount(web, "orders") == endpoints
                && anyRoute(web.currentConfig(), "upstream|orders", routeArrived));
        return web;
    }

    private static boolean anyRoute(MeshConfig config, String routeConfig, Predicate<RouteAction> test) {
        RouteConfig routes = config.routes().get(routeConfig);
        return routes != null && routes.virtualHosts().stream()
                .flatMap(host -> host.routes().stream())
                .anyMatch(route -> test.test(route.action()));
    }

    private HttpResponse<String> post(Sidecar web, String body, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(MeshClient.uri(web.upstreamPort("orders"), "/orders"))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
