package io.banyan.sidecar.admin;

import io.banyan.adminserver.AdminResponse;
import io.banyan.adminserver.RouteTable;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The sidecar's admin routes: the probes' {@code /ready}, {@code /live} and {@code /metrics} (open: no token, and
 * served on the connections kept beyond the limit), {@code /config_dump}, {@code /clusters}, {@code /shadow} and
 * {@code POST /drain}, the app's configuration {@code /config} and {@code /debug/why}.
 */
public final class AdminRoutes {

    /** The body of /shadow: the shadow comparisons of every mirror cluster whose answers are compared, or []. */
    record ShadowView(Object clusters) {

        static ShadowView of(Object clusters) {
            return new ShadowView(clusters == null ? List.of() : clusters);
        }
    }

    private AdminRoutes() {
    }

    /**
     * The routes over {@code sources}; the drain hook runs on {@code drainExecutor}, the long polls of /config time out
     * on {@code timer}.
     */
    public static RouteTable of(AdminSources sources, Executor drainExecutor, ScheduledExecutorService timer) {
        AdminJson json = new AdminJson();
        return probes(sources)
                .add("GET", "/config_dump", new ConfigDumpEndpoint(json, sources.config(), sources.xdsStatus(),
                        sources.registration()))
                .add("GET", "/clusters", new ClustersEndpoint(json, sources.config(), sources.clusterStatus()))
                .add("GET", "/shadow", request -> AdminResponse.json(200,
                        json.write(ShadowView.of(sources.shadows().get()))))
                .add("POST", "/drain", new DrainEndpoint(sources.drainHook(), drainExecutor))
                .add("GET", "/config", new AppConfigEndpoint(sources.appConfig(), timer))
                .add("GET", "/debug/why", new WhyEndpoint(json, sources.diagnosis()));
    }

    /** The open routes alone: the probes' {@code /ready} and {@code /live}, the scrapers' {@code /metrics}. */
    static RouteTable probes(AdminSources sources) {
        return new RouteTable()
                .addOpen("GET", "/ready", new ReadyEndpoint(sources.readiness()))
                .addOpen("GET", "/live", request -> text(200, "live"))
                .addOpen("GET", "/metrics", new MetricsEndpoint(sources.metrics()));
    }

    /** A plain-text answer: {@code text} and a line end. */
    static AdminResponse text(int status, String text) {
        return new AdminResponse(status, Map.of(), AdminResponse.TEXT, (text + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
