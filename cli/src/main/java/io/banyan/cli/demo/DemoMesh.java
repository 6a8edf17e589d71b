package io.banyan.cli.demo;

import io.banyan.cli.admin.AdminAnswer;
import io.banyan.cli.admin.AdminClient;
import io.banyan.cli.options.CommandFailure;
import io.banyan.cli.options.ErrorReporter;
import io.banyan.sidecar.Sidecar;
import io.banyan.sidecar.SidecarSettings;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The demo's mesh, all on 127.0.0.1 with free ports: a control plane (temp data dir, a generated
 * admin token), three {@code orders} apps each behind its own sidecar, and a client-only {@code web}
 * sidecar with an explicit upstream port for orders.
 */
final class DemoMesh implements AutoCloseable {

    static final String SERVICE = "orders";
    static final String CLIENT_SERVICE = "web";
    static final String FLAKY = "orders-3";
    static final String VICTIM = "orders-2";
    static final String STOPPED = "orders-1";
    private static final String[] ZONES = {"a", "b", "a"};

    /** One orders instance: its app and its sidecar. */
    record Instance(String name, String zone, OrdersApp app, Sidecar sidecar) {
    }

    private final OpenedParts opened = new OpenedParts();
    private final List<Instance> instances = new ArrayList<>();
    /** Instances killed or stopped: gone from "where to look". */
    private final List<String> gone = new java.util.concurrent.CopyOnWriteArrayList<>();
    private DemoControlPlane controlPlane;
    private AdminClient admin;
    private Sidecar web;

    private DemoMesh() {
    }

    static DemoMesh start(DemoOptions options, PrintWriter out) throws Exception {
        DemoMesh mesh = new DemoMesh();
        try {
            mesh.startAll(options, out);
            return mesh;
        } catch (Exception | Error e) {
            mesh.close();
            throw e;
        }
    }

    private void startAll(DemoOptions options, PrintWriter out) throws Exception {
        controlPlane = DemoControlPlane.start("demo");
        opened.add(controlPlane);
        admin = controlPlane.admin();
        out.printf("control plane: admin %s  xds 127.0.0.1:%d%n", controlPlane.adminUrl(), controlPlane.xdsPort());
        SplittableRandom seeds = new SplittableRandom(7);
        for (int i = 1; i <= 3; i++) {
            String name = SERVICE + "-" + i;
            String zone = ZONES[i - 1];
            double failureRate = FLAKY.equals(name) ? options.flakyRate() : 0;
            OrdersApp app = OrdersApp.start(name, zone, failureRate, seeds.split());
            opened.add(app);
            Sidecar sidecar = Sidecar.start(sidecarSettings(SERVICE, name, options)
                    .appPort(app.port()).appHealthPath("/health").zone(zone).build());
            opened.add(sidecar);
            instances.add(new Instance(name, zone, app, sidecar));
            out.printf("%s: app 127.0.0.1:%d (zone %s)%s  sidecar admin %d, inbound %d%n", name, app.port(), zone,
                    failureRate > 0 ? String.format(" FLAKY: 503 on %.0f%% of requests", failureRate * 100) : "",
                    sidecar.adminPort(), sidecar.inboundPort());
        }
        // upstream port 0: the sidecar binds any free port and web.upstreamPort(SERVICE) tells which
        web = Sidecar.start(sidecarSettings(CLIENT_SERVICE, CLIENT_SERVICE, options)
                .upstreams(Map.of(SERVICE, 0)).zone("a").build());
        opened.add(web);
        out.printf("%s: client-only sidecar, admin %d, upstream orders on 127.0.0.1:%d%n", CLIENT_SERVICE,
                web.adminPort(), web.upstreamPort(SERVICE));
        out.flush();
    }

    /** Every sidecar ready, then the registry showing every orders instance healthy. */
    void awaitReady(Duration timeout, StopSignal stop) throws Exception {
        List<CompletableFuture<Void>> ready = new ArrayList<>();
        ready.add(web.ready());
        instances.forEach(instance -> ready.add(instance.sidecar().ready()));
        try {
            CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new CommandFailure("sidecars not ready within " + timeout.toSeconds() + "s", ErrorReporter.FAILURE);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (healthyInstances() < instances.size()) {
            if (System.nanoTime() > deadline) {
                throw new CommandFailure("registry shows " + healthyInstances() + " of " + instances.size()
                        + " orders instances healthy after " + timeout.toSeconds() + "s", ErrorReporter.FAILURE);
            }
            if (stop.await(Duration.ofMillis(200))) {
                return;
            }
        }
    }

    /** Healthy orders instances according to the control plane's registry. */
    long healthyInstances() throws IOException, InterruptedException {
        AdminAnswer response = admin.get("/v1/services/" + SERVICE);
        if (!response.ok()) {
            return 0;
        }
        long healthy = 0;
        for (var instance : response.json().path("instances")) {
            if (instance.path("healthy").asBoolean(false)) {
                healthy++;
            }
        }
        return healthy;
    }

    /** The registry's view of orders, one line per instance, named by its sidecar's inbound port. */
    List<String> registryView() throws IOException, InterruptedException {
        AdminAnswer response = admin.get("/v1/services/" + SERVICE);
        List<String> lines = new ArrayList<>();
        for (var entry : response.json().path("instances")) {
            int port = entry.path("port").asInt();
            String name = instances.stream().filter(i -> i.sidecar().inboundPort() == port).map(Instance::name)
                    .findFirst().orElse(entry.path("host").asText() + ":" + port);
            lines.add(String.format("%-9s %-16s healthy=%s", name, entry.path("host").asText() + ":" + port,
                    entry.path("healthy").asText()));
        }
        return lines;
    }

    /**
     * Kills an instance as if its pod died: the sidecar goes first (its ports refuse, so callers move on
     * to other endpoints), then the app; nothing deregisters.
     */
    void kill(String name) {
        Instance instance = instance(name);
        instance.sidecar().kill();
        instance.app().close();
        gone.add(name);
    }

    /**
     * Stops an instance gracefully, as SIGTERM does ({@link Sidecar#close()}): /ready fails, it deregisters, its
     * listeners serve through the drain delay while the push reaches the callers, then drain; then the app stops.
     * Blocks for the drain delay and the drain.
     */
    void stopGracefully(String name) {
        Instance instance = instance(name);
        gone.add(name);
        instance.sidecar().close();
        instance.app().close();
    }

    List<String> instanceNames() {
        return instances.stream().map(Instance::name).toList();
    }

    URI target() {
        return URI.create("http://127.0.0.1:" + web.upstreamPort(SERVICE) + "/orders");
    }

    List<String> whereToLook() {
        List<String> lines = new ArrayList<>();
        String cp = controlPlane.adminUrl();
        String adminToken = controlPlane.adminToken();
        lines.add("control plane  " + cp + "/v1/services   (Authorization: Bearer " + adminToken + ")");
        lines.add("               " + cp + "/metrics   " + cp + "/healthz");
        lines.add("               banyan ctl services get orders --admin-url " + cp + " --admin-token " + adminToken);
        lines.add(String.format("web sidecar    http://127.0.0.1:%d/metrics  /clusters  /config_dump  /ready",
                web.adminPort()));
        for (Instance instance : instances) {
            if (!gone.contains(instance.name())) {
                lines.add(String.format("%-14s http://127.0.0.1:%d/metrics  /ready", instance.name() + " sidecar",
                        instance.sidecar().adminPort()));
            }
        }
        return lines;
    }

    private SidecarSettings.Builder sidecarSettings(String service, String dirName, DemoOptions options)
            throws IOException, InterruptedException {
        return controlPlane.sidecarSettings(service, dirName, options.registrationTtl());
    }

    private Instance instance(String name) {
        return instances.stream().filter(i -> i.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("instance: " + name));
    }

    /** Closes sidecars first (they deregister), then apps and the control plane (which deletes the temp data). */
    @Override
    public void close() {
        opened.close();
    }
}
