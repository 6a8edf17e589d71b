package io.banyan.sidecar.admin;

import io.banyan.adminserver.AdminGate;
import io.banyan.adminserver.AdminHttpServer;
import io.banyan.adminserver.AdminLimits;
import io.banyan.adminserver.RouteTable;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The sidecar's admin endpoints on {@code host:port} (port 0 picks a free one, see {@link #port()}): the routes of
 * {@link AdminRoutes} over {@link AdminSources}, for the callers {@link AdminAccess} admits (never a web page), on
 * the shared {@link AdminHttpServer} (connection limit with probe slots for {@code /ready}, {@code /live} and
 * {@code /metrics}, slow-client timeouts, request metrics). The drain hook runs on its own thread.
 */
public final class AdminServer implements AutoCloseable {

    /** The largest request body: the sidecar's admin requests carry none worth more. */
    static final int MAX_BODY_BYTES = 16 * 1024;
    static final AdminLimits LIMITS = AdminLimits.DEFAULT.withMaxBodyBytes(MAX_BODY_BYTES);

    private final ExecutorService drainExecutor;
    private final ScheduledExecutorService configTimer;
    private final AdminHttpServer server;

    /** For local callers only (loopback {@code Host}, no token). */
    public AdminServer(String host, int port, AdminSources sources) {
        this(host, port, sources, AdminAccess.localOnly());
    }

    /** For the callers {@code access} admits. */
    public AdminServer(String host, int port, AdminSources sources, AdminAccess access) {
        Objects.requireNonNull(sources, "sources");
        this.drainExecutor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "banyan-drain");
            thread.setDaemon(true);
            return thread;
        });
        this.configTimer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "banyan-config-wait");
            thread.setDaemon(true);
            return thread;
        });
        this.server = serve(host, port, "sidecar", AdminRoutes.of(sources, drainExecutor, configTimer),
                Objects.requireNonNull(access, "access"), sources);
    }

    /** A sidecar admin server of {@code routes} on {@code host:port}: its limits, meters and no-cache answers. */
    static AdminHttpServer serve(String host, int port, String name, RouteTable routes, AdminGate gate,
                                 AdminSources sources) {
        return AdminHttpServer.builder(routes, gate)
                .bind(host, port)
                .name(name)
                .limits(LIMITS)
                .meters(sources.metrics())
                .responseHeader("Cache-Control", "no-cache")
                .build();
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

    /** Every route this server dispatches on (docs/sidecar-admin-api.yaml describes them). */
    public List<RouteTable.Route> routes() {
        return server.routes();
    }

    @Override
    public void close() {
        server.close();
        drainExecutor.shutdown();
        configTimer.shutdownNow();
    }
}
