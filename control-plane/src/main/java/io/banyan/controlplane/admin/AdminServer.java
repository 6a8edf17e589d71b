package io.banyan.controlplane.admin;

import io.banyan.adminserver.AdminHttpServer;
import io.banyan.adminserver.AdminLimits;
import io.banyan.adminserver.AdminResource;
import io.banyan.adminserver.AdminToken;
import io.banyan.adminserver.BearerAuth;
import io.banyan.adminserver.RouteTable;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The control plane's admin REST API: {@code /healthz} and {@code /metrics} (open, see {@link OpsResource}) and the
 * given resources, behind the admin token ({@link BearerAuth}), on the shared {@link AdminHttpServer}.
 */
public final class AdminServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AdminServer.class);

    private final AdminHttpServer server;

    /**
     * @param bindAddress address to bind (e.g. 0.0.0.0)
     * @param port        port to bind; 0 picks a free one (see {@link #port()})
     * @param adminToken  the bearer token; empty turns auth off
     * @param prometheus  served at /metrics; admin request metrics are recorded in it
     * @param resources   the API's resources (see {@link AdminResources#registry})
     * @param limits      connection limit and slow-client timeouts
     */
    public AdminServer(String bindAddress, int port, String adminToken, PrometheusMeterRegistry prometheus,
                       List<? extends AdminResource> resources, AdminLimits limits) {
        this(bindAddress, port, new BearerAuth(adminToken), prometheus, resources, limits);
    }

    /** A server behind these named admin tokens (none turns auth off). */
    public AdminServer(String bindAddress, int port, List<AdminToken> adminTokens, PrometheusMeterRegistry prometheus,
                       List<? extends AdminResource> resources, AdminLimits limits) {
        this(bindAddress, port, new BearerAuth(adminTokens), prometheus, resources, limits);
    }

    private AdminServer(String bindAddress, int port, BearerAuth auth, PrometheusMeterRegistry prometheus,
                        List<? extends AdminResource> resources, AdminLimits limits) {
        if (!auth.enabled()) {
            log.warn("admin API auth is OFF (empty admin token)");
        }
        this.server = AdminHttpServer.builder(routes(prometheus, resources), auth)
                .bind(bindAddress, port)
                .name("control plane")
                .limits(limits)
                .errors(new DomainErrors())
                .meters(prometheus)
                .build();
    }

    /** A server with the default {@link AdminLimits}. */
    public AdminServer(String bindAddress, int port, String adminToken, PrometheusMeterRegistry prometheus,
                       List<? extends AdminResource> resources) {
        this(bindAddress, port, adminToken, prometheus, resources, AdminLimits.DEFAULT);
    }

    private static RouteTable routes(PrometheusMeterRegistry prometheus, List<? extends AdminResource> resources) {
        RouteTable routes = new RouteTable();
        new OpsResource(prometheus).addRoutes(routes);
        resources.forEach(resource -> resource.addRoutes(routes));
        return routes;
    }

    /** Binds and returns once the server listens. */
    public AdminServer start() throws InterruptedException {
        server.start();
        return this;
    }

    /** The bound port (after {@link #start()}). */
    public int port() {
        return server.port();
    }

    /** Every route this server dispatches on (docs/admin-api.yaml describes them). */
    public List<RouteTable.Route> routes() {
        return server.routes();
    }

    @Override
    public void close() {
        server.close();
    }
}
