package io.banyan.adminserver;

/** The admin server's metric names, the same in both processes. */
public final class AdminMetricNames {

    /** Counter: answered admin requests by method, route template and status. */
    public static final String REQUESTS = "banyan.admin.requests";
    /** Gauge: open admin connections. */
    public static final String CONNECTIONS = "banyan.admin.connections";
    /** Counter: admin connections closed at once because even the probe slots were taken. */
    public static final String CONNECTIONS_REFUSED = "banyan.admin.connections.refused";
    /** Counter: slow-client timeouts by clock ({@code header}, {@code body}, {@code idle}). */
    public static final String TIMEOUTS = "banyan.admin.timeouts";

    private AdminMetricNames() {
    }
}
