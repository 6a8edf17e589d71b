package io.banyan.bench.jmh;

import io.banyan.dataplane.config.Route;
import io.banyan.dataplane.config.RouteAction;
import io.banyan.dataplane.config.RouteConfig;
import io.banyan.dataplane.config.RouteMatch;
import io.banyan.dataplane.config.VirtualHost;
import io.banyan.dataplane.config.WeightedCluster;
import io.banyan.sidecar.route.RouteRequest;
import io.banyan.sidecar.route.Router;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Route match per request: virtual host by authority (exact, wildcard, catch-all), then the first
 * matching route of that host, then the weighted cluster pick. The table is of a realistic size:
 * {@code hosts} services with ten routes each, the request matching the last route but one.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RouterBenchmark {

    private static final int ROUTES_PER_HOST = 10;

    @Param({"10", "200"})
    int hosts;

    /** exact: {@code svc-N:80}; wildcard: matched by {@code *.wild.local}; fallback: only {@code *} matches. */
    @Param({"exact", "wildcard", "fallback"})
    String authorityKind;

    private Router router;
    private String authority;
    private String path;
    private RouteRequest request;
    private RouteAction split;

    @Setup
    public void setUp() {
        List<VirtualHost> virtualHosts = new ArrayList<>();
        for (int h = 0; h < hosts; h++) {
            virtualHosts.add(new VirtualHost("svc-" + h, List.of("svc-" + h, "svc-" + h + ".mesh.local"), routes("svc-" + h)));
        }
        virtualHosts.add(new VirtualHost("wild", List.of("*.wild.local"), routes("wild")));
        virtualHosts.add(new VirtualHost("any", List.of("*"), routes("any")));
        router = new Router(new RouteConfig("bench", virtualHosts), new SplittableRandom(42));
        authority = switch (authorityKind) {
            case "exact" -> "svc-" + (hosts / 2) + ":80";
            case "wildcard" -> "api.wild.local";
            case "fallback" -> "unknown.example";
            default -> throw new IllegalArgumentException("authorityKind: " + authorityKind
                    + " (expected: exact, wildcard or fallback)");
        };
        path = "/api/v1/r" + (ROUTES_PER_HOST - 2) + "/items/42?page=3";
        split = new RouteAction(List.of(new WeightedCluster("stable", 90), new WeightedCluster("canary", 10)),
                RouteAction.DEFAULT_TIMEOUT);
        request = RouteRequest.of("GET", authority, path, Map.of());
        if (router.route(request) == null) {
            throw new IllegalStateException("benchmark table does not route " + authority + path);
        }
    }

    private static List<Route> routes(String cluster) {
        List<Route> routes = new ArrayList<>();
        for (int r = 0; r < ROUTES_PER_HOST - 1; r++) {
            routes.add(new Route(RouteMatch.prefix("/api/v1/r" + r + "/"),
                    new RouteAction(List.of(new WeightedCluster(cluster + "-r" + r, 1)), Duration.ofSeconds(5))));
        }
        routes.add(new Route(RouteMatch.prefix("/"), RouteAction.toCluster(cluster)));
        return routes;
    }

    @Benchmark
    public Route route() {
        return router.route(request);
    }

    @Benchmark
    public String pickWeightedCluster() {
        return router.pickCluster(split);
    }
}
