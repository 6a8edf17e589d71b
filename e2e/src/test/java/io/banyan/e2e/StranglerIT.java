package io.banyan.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.banyan.cli.demo.OrdersApp;
import io.banyan.cli.demo.Outcome;
import io.banyan.cli.demo.TrafficGenerator;
import io.banyan.cli.demo.strangler.GatewayRoutes;
import io.banyan.cli.demo.strangler.MigrationStep;
import io.banyan.cli.demo.strangler.PathTally;
import io.banyan.cli.demo.strangler.PhaseCounts;
import io.banyan.cli.demo.strangler.StranglerPlan;
import io.banyan.e2e.support.ControlPlaneExtension;
import io.banyan.e2e.support.SidecarExtension;
import io.banyan.sidecar.GatewaySettings;

/**
 * The chapter's Strangler Fig migration on real sockets: (1) a monolith registered through the admin API without a
 * sidecar serves /orders, /users and /payments; (2) the gateway {@code edge} routes everything to it; (3) orders,
 * users, then payments, each behind its sidecar, take their path at 10 %, then whole, set through
 * {@code PUT /v1/gateways/edge/routes}; (4) the monolith is deregistered and stopped. Clients of the gateway send
 * requests the whole time: not one fails, in any step or while it takes effect, and each step is served as routed.
 */
class StranglerIT {

    private static final int CLIENTS = 4;
    /** Settled requests per path and step: a 10 % canary misses its service in 200 with a chance of 7e-10. */
    private static final int SETTLED_PER_PATH = 200;
    private static final int SAMPLE = 40;

    @RegisterExtension
    final ControlPlaneExtension controlPlane = new ControlPlaneExtension();
    @RegisterExtension
    final SidecarExtension sidecars = new SidecarExtension(controlPlane);

    private final StranglerPlan plan = StranglerPlan.chapter();
    private final Queue<String> probeFailures = new ConcurrentLinkedQueue<>();
    private final HttpClient probe = TrafficGenerator.newClient();
    private int gatewayPort;

    @Test
    void theMonolithIsStrangledPathByPathWithoutAFailedRequest() throws Exception {
        List<AutoCloseable> apps = new ArrayList<>();
        SplittableRandom seeds = new SplittableRandom(3);
        try (OrdersApp monolith = OrdersApp.start(MigrationStep.MONOLITH, "a", 0, seeds.split())) {
            String monolithId = controlPlane.admin().register(MigrationStep.MONOLITH, "127.0.0.1", monolith.port(), null);
            for (String service : plan.services()) {
                OrdersApp app = OrdersApp.start(service, "a", 0, seeds.split());
                apps.add(app);
                sidecars.forApp(service, app.port(), Duration.ofSeconds(10));
            }
            gatewayPort = startGateway();
            Set<String> servers = new HashSet<>(plan.services());
            servers.add(MigrationStep.MONOLITH);
            PathTally tally = new PathTally(plan.paths(), servers);
            List<URI> targets = plan.paths().stream().map(this::gateway).toList();
            TrafficGenerator load = null;
            List<MigrationStep> steps = plan.steps();
            try {
                for (int i = 0; i < steps.size(); i++) {
                    MigrationStep step = steps.get(i);
                    HttpResponse<String> put = controlPlane.admin().send("PUT", "/v1/gateways/edge/routes",
                            GatewayRoutes.body(step));
                    assertThat(put.statusCode()).as(put.body()).isIn(200, 201);
                    boolean open = load != null;
                    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                        for (URI target : targets) {
                            assertThat(sample(target, open)).as(step.title() + ": " + target.getPath())
                                    .isEqualTo(step.servers(target.getPath()));
                        }
                    });
                    if (!step.monolithRegistered()) {
                        await().atMost(Duration.ofSeconds(20)).until(() -> noRoute(gateway("/elsewhere")));
                        controlPlane.admin().deregister(monolithId);
                        monolith.close();
                    }
                    if (load == null) {
                        load = new TrafficGenerator(targets, CLIENTS, tally::record);
                        load.start();
                    }
                    PhaseCounts transition = tally.cut();
                    await().atMost(Duration.ofSeconds(60)).until(() -> plan.paths().stream()
                            .allMatch(path -> tally.requests(path) >= SETTLED_PER_PATH));
                    PhaseCounts settled = tally.cut();

                    String name = "step " + (i + 1) + ", " + step.title();
                    assertThat(transition.failures()).as(name + ": failures while it took effect").isEmpty();
                    assertThat(settled.failures()).as(name + ": failures").isEmpty();
                    assertThat(probeFailures).as(name + ": failed probes").isEmpty();
                    for (String path : step.paths()) {
                        assertThat(settled.served().getOrDefault(path, Map.of()).keySet()).as(name + ": who served " + path)
                                .isEqualTo(step.servers(path));
                    }
                    if (!step.monolithRegistered()) {
                        assertThat(transition.servedBy(MigrationStep.MONOLITH) + settled.servedBy(MigrationStep.MONOLITH))
                                .as("the monolith after its deregistration").isZero();
                    }
                }
            } finally {
                if (load != null) {
                    load.close();
                }
            }
        } finally {
            for (AutoCloseable app : apps) {
                app.close();
            }
        }
    }

    /** Starts the edge gateway {@code edge} (identity svc/edge) on 127.0.0.1, port 0; answers the port it bound. */
    private int startGateway() {
        return sidecars.gateway("edge", GatewaySettings.plaintext("127.0.0.1", 0)).outboundPort();
    }

    /** Who served {@value #SAMPLE} requests in a row for {@code target}; a failure counts once the load runs. */
    private Set<String> sample(URI target, boolean counted) {
        Set<String> servers = new HashSet<>();
        for (int i = 0; i < SAMPLE; i++) {
            Outcome outcome = TrafficGenerator.send(probe, target);
            if (outcome.success()) {
                servers.add(outcome.instance());
            } else if (counted) {
                probeFailures.add(target.getPath() + " " + outcome.failure());
            }
        }
        return servers;
    }

    private boolean noRoute(URI target) {
        Outcome outcome = TrafficGenerator.send(probe, target);
        return outcome.status() == 404 && outcome.failure().equals("no_route");
    }

    private URI gateway(String path) {
        return URI.create("http://127.0.0.1:" + gatewayPort + path);
    }
}
