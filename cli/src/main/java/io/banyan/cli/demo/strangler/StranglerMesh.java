package io.banyan.cli.demo.strangler;

import io.banyan.cli.admin.AdminAnswer;
import io.banyan.cli.admin.AdminClient;
import io.banyan.cli.demo.DemoControlPlane;
import io.banyan.cli.demo.OpenedParts;
import io.banyan.cli.demo.OrdersApp;
import io.banyan.cli.demo.StopSignal;
import io.banyan.cli.options.CommandFailure;
import io.banyan.cli.options.ErrorReporter;
import io.banyan.sidecar.GatewaySettings;
import io.banyan.sidecar.Sidecar;
import io.banyan.sidecar.SidecarSettings;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The strangler demo's world on 127.0.0.1 with free ports: a control plane (its load-report interval short, so the
 * migrations' guard acts within seconds); the monolith, a plain HTTP server registered through the admin API as an
 * instance without a sidecar ({@code mesh: false}); each new service, an app behind its own sidecar; the bad release
 * {@value BadRelease#NAME}, a flaky app behind its own sidecar; and the edge gateway {@value #GATEWAY} in front, whose
 * routes are set through the admin API.
 */
final class StranglerMesh implements AutoCloseable {

    static final String GATEWAY = "edge";
    private static final Duration REGISTRATION_TTL = Duration.ofSeconds(10);

    private final OpenedParts opened = new OpenedParts();
    private final Map<String, Sidecar> sidecars = new LinkedHashMap<>();
    private DemoControlPlane controlPlane;
    private AdminClient admin;
    private OrdersApp monolith;
    private String monolithId;
    private EdgeGateway gateway;

    private StranglerMesh() {
    }

    static StranglerMesh start(StranglerPlan plan, PrintWriter out) throws Exception {
        StranglerMesh mesh = new StranglerMesh();
        try {
            mesh.startAll(plan, out);
            return mesh;
        } catch (Exception | Error e) {
            mesh.close();
            throw e;
        }
    }

    private void startAll(StranglerPlan plan, PrintWriter out) throws Exception {
        controlPlane = opened.add(DemoControlPlane.start("strangler", BadRelease.LOAD_REPORT_INTERVAL));
        admin = controlPlane.admin();
        out.printf("control plane: admin %s  xds 127.0.0.1:%d%n", controlPlane.adminUrl(), controlPlane.xdsPort());
        SplittableRandom seeds = new SplittableRandom(11);
        monolith = opened.add(OrdersApp.start(MigrationStep.MONOLITH, "a", 0, seeds.split()));
        monolithId = registerMonolith();
        out.printf("(1) monolith: 127.0.0.1:%d serves %s; registered through the admin API without a sidecar "
                + "(mesh: false), instance %s%n", monolith.port(), String.join(" ", plan.paths()), monolithId);
        for (String service : plan.services()) {
            OrdersApp app = startService(service, 0, seeds);
            out.printf("new service %s: app 127.0.0.1:%d behind its sidecar (inbound %d); no traffic until a route "
                    + "says so%n", service, app.port(), sidecars.get(service).inboundPort());
        }
        OrdersApp next = startService(BadRelease.NAME, BadRelease.FAILURE_RATE, seeds);
        out.printf("bad release %s: app 127.0.0.1:%d answering 503 to 1 request in %d, behind its sidecar "
                        + "(inbound %d); no traffic until its migration%n", BadRelease.NAME, next.port(),
                Math.round(1 / BadRelease.FAILURE_RATE), sidecars.get(BadRelease.NAME).inboundPort());
        gateway = startGateway();
        opened.add(gateway.process());
        out.printf("(2) gateway %s: http://127.0.0.1:%d, its routes at %s/v1/gateways/%s/routes%n", GATEWAY,
                gateway.port(), controlPlane.adminUrl(), GATEWAY);
        out.flush();
    }

    /** The app of {@code service} ({@code failureRate} of its answers 503s) behind its own sidecar. */
    private OrdersApp startService(String service, double failureRate, SplittableRandom seeds) throws Exception {
        OrdersApp app = opened.add(OrdersApp.start(service, "a", failureRate, seeds.split()));
        Sidecar sidecar = opened.add(Sidecar.start(controlPlane.sidecarSettings(service, service, REGISTRATION_TTL)
                .appPort(app.port()).appHealthPath("/health").build()));
        sidecars.put(service, sidecar);
        return app;
    }

    /**
     * The edge gateway {@value #GATEWAY} (identity {@code svc/edge}): the sidecar in its gateway mode, joining with a
     * token of {@value #GATEWAY}, listening on 127.0.0.1 with a free port read back, its data in the demo's folder.
     */
    private EdgeGateway startGateway() throws Exception {
        SidecarSettings settings = SidecarSettings.builder(GATEWAY, "127.0.0.1:" + controlPlane.xdsPort(),
                        controlPlane.dataDir(GATEWAY))
                .token(controlPlane.joinToken(GATEWAY)).adminPort(0).drainDelay(DemoControlPlane.DRAIN_DELAY)
                .gateway(GatewaySettings.plaintext("127.0.0.1", 0)).build();
        Sidecar sidecar = Sidecar.start(settings);
        return new EdgeGateway(sidecar.outboundPort(), sidecar.ready(), sidecar);
    }

    private String registerMonolith() throws IOException, InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("host", "127.0.0.1");
        body.put("port", monolith.port());
        body.put("mesh", false);
        AdminAnswer answer = admin.post("/v1/services/" + MigrationStep.MONOLITH + "/instances", body);
        String id = answer.json().path("id").asText("");
        if (!answer.ok() || id.isEmpty()) {
            throw new CommandFailure("cannot register the monolith: " + answer.problem(), ErrorReporter.FAILURE);
        }
        return id;
    }

    /** The sidecars and the gateway ready, and the registry showing each new service healthy. */
    void awaitReady(Duration timeout, StopSignal stop) throws Exception {
        List<CompletableFuture<Void>> ready = new ArrayList<>();
        ready.add(gateway.ready());
        sidecars.values().forEach(sidecar -> ready.add(sidecar.ready()));
        try {
            CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new CommandFailure("sidecars and gateway not ready within " + timeout.toSeconds() + "s",
                    ErrorReporter.FAILURE);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (String service : sidecars.keySet()) {
            while (!healthy(service)) {
                if (System.nanoTime() > deadline) {
                    throw new CommandFailure("registry shows no healthy " + service + " after " + timeout.toSeconds()
                            + "s", ErrorReporter.FAILURE);
                }
                if (stop.await(Duration.ofMillis(200))) {
                    return;
                }
            }
        }
    }

    private boolean healthy(String service) throws IOException, InterruptedException {
        AdminAnswer answer = admin.get("/v1/services/" + service);
        if (!answer.ok()) {
            return false;
        }
        for (var instance : answer.json().path("instances")) {
            if (instance.path("healthy").asBoolean(false)) {
                return true;
            }
        }
        return false;
    }

    /** Sets the gateway's routes to {@code step}'s through the admin API. */
    void route(MigrationStep step) throws IOException, InterruptedException {
        AdminAnswer answer = admin.put("/v1/gateways/" + GATEWAY + "/routes", GatewayRoutes.body(step));
        if (!answer.ok()) {
            throw new CommandFailure("the control plane refused the routes of '" + step.title() + "': "
                    + answer.problem(), ErrorReporter.FAILURE);
        }
    }

    /** The bad release's migration at the gateway, through the admin API. */
    GuardedMigration badRelease() {
        return new GuardedMigration(admin, GATEWAY);
    }

    /** Deregisters the monolith's instance, then stops it: nothing may reach it any more. */
    void retireMonolith() throws IOException, InterruptedException {
        AdminAnswer answer = admin.delete("/v1/instances/" + monolithId);
        if (!answer.ok()) {
            throw new CommandFailure("cannot deregister the monolith: " + answer.problem(), ErrorReporter.FAILURE);
        }
        monolith.close();
    }

    /** The gateway URL of each path, in the plan's order. */
    List<URI> targets(List<String> paths) {
        return paths.stream().map(this::gatewayUri).toList();
    }

    /** A gateway URL no path route matches. */
    URI unrouted() {
        return gatewayUri("/elsewhere");
    }

    private URI gatewayUri(String path) {
        return URI.create("http://127.0.0.1:" + gateway.port() + path);
    }

    List<String> whereToLook() {
        String cp = controlPlane.adminUrl();
        String ctl = " --admin-url " + cp + " --admin-token " + controlPlane.adminToken();
        List<String> lines = new ArrayList<>();
        lines.add("gateway routes  banyan ctl gateways get " + GATEWAY + ctl);
        lines.add("registry        banyan ctl services list" + ctl);
        lines.add("migrations      banyan ctl migrations list" + ctl);
        lines.add("control plane   " + cp + "/metrics   " + cp + "/v1/sidecars");
        sidecars.forEach((service, sidecar) -> lines.add(String.format("%-15s http://127.0.0.1:%d/metrics  /ready",
                service + " sidecar", sidecar.adminPort())));
        return lines;
    }

    /** Closes the gateway and the sidecars first (they deregister), then the apps and the control plane. */
    @Override
    public void close() {
        opened.close();
    }
}
