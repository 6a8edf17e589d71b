package io.banyan.sidecar.admin;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.Executor;

/** Maps a method and path to an admin endpoint: 404 for an unknown path, 405 with Allow for a wrong method. */
public final class AdminRoutes {

    private static final Logger log = LoggerFactory.getLogger(AdminRoutes.class);

    private record Route(String method, AdminEndpoint endpoint) {
    }

    private final Map<String, Route> routes;

    AdminRoutes(Map<String, Route> routes) {
        this.routes = Map.copyOf(routes);
    }

    /** The standard admin routes over {@code sources}; the drain hook runs on {@code drainExecutor}. */
    public static AdminRoutes of(AdminSources sources, Executor drainExecutor) {
        AdminJson json = new AdminJson();
        return new AdminRoutes(Map.of(
                "/ready", new Route("GET", new ReadyEndpoint(sources.readiness())),
                "/live", new Route("GET", () -> AdminResponse.text(200, "live")),
                "/metrics", new Route("GET", new MetricsEndpoint(sources.metrics())),
                "/config_dump", new Route("GET", new ConfigDumpEndpoint(json, sources.config(), sources.xdsStatus(),
                        sources.registration())),
                "/clusters", new Route("GET", new ClustersEndpoint(json, sources.config(), sources.clusterStatus())),
                "/drain", new Route("POST", new DrainEndpoint(sources.drainHook(), drainExecutor))));
    }

    /** Answers {@code method uri}; the query string is ignored. Never throws. */
    public AdminResponse dispatch(String method, String uri) {
        int query = uri.indexOf('?');
        String path = query < 0 ? uri : uri.substring(0, query);
        Route route = routes.get(path);
        if (route == null) {
            String known = String.join(", ", routes.keySet().stream().sorted().toList());
            return AdminResponse.text(404, "not found: " + path + " (known: " + known + ")");
        }
        if (!route.method().equals(method)) {
            AdminResponse text = AdminResponse.text(405,
                    "method not allowed: " + method + " " + path + " (allowed: " + route.method() + ")");
            return new AdminResponse(405, text.contentType(), text.body(), Map.of("allow", route.method()));
        }
        try {
            return route.endpoint().handle();
        } catch (RuntimeException e) {
            log.warn("admin endpoint {} failed", path, e);
            return AdminResponse.text(500, "internal error in " + path + ": " + e.getMessage());
        }
    }
}
