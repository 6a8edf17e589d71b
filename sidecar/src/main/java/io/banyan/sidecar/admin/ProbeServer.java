package io.banyan.sidecar.admin;

import io.banyan.adminserver.AdminHttpServer;
import io.banyan.adminserver.RouteTable;

import java.util.List;
import java.util.Objects;

/**
 * {@code --metrics-port}: the admin port's open routes alone ({@code /ready}, {@code /live}, {@code /metrics}) on an
 * address the node's probes and Prometheus reach (a pod's IP; the admin port stays on loopback), as Istio's
 * 15090/15021. Nothing here changes state or shows configuration, so no token is asked and any {@code Host} is
 * served (a scraper names the pod's IP); every other path is 404, every other method 405.
 */
public final class ProbeServer implements AutoCloseable {

    private final AdminHttpServer server;

    public ProbeServer(String host, int port, AdminSources sources) {
        Objects.requireNonNull(sources, "sources");
        this.server = AdminServer.serve(host, port, "sidecar-metrics", AdminRoutes.probes(sources),
                (request, openRoute) -> null, sources);
    }

    /** Binds and returns the bound port. Call from a plain thread, never an event loop (it waits for the bind). */
    public int start() throws InterruptedException {
        server.start();
        return port();
    }

    /** The bound port (after {@link #start()}). */
    public int port() {
        return server.port();
    }

    /** Every route this server dispatches on. */
    public List<RouteTable.Route> routes() {
        return server.routes();
    }

    @Override
    public void close() {
        server.close();
    }
}
