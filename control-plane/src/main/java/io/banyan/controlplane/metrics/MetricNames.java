package io.banyan.controlplane.metrics;

import io.banyan.adminserver.AdminMetricNames;

/** Every metric name the control plane exports, in one place (Prometheus: prefixed {@code banyan_}). */
public final class MetricNames {

    /** Gauge: instances by service and health (healthy=true|false; held instances count as healthy). */
    public static final String REGISTRY_INSTANCES = "banyan.registry.instances";
    /** Gauge: instances that missed their TTL but are held by self-preservation, by service. */
    public static final String REGISTRY_HELD_INSTANCES = "banyan.registry.held.instances";
    /** Counter: registry changes by kind (register, deregister, expire, hold, recover, reap, service_put, service_delete). */
    public static final String REGISTRY_CHANGES = "banyan.registry.changes";
    /** Counter: instances reaped (removed from the store by this replica's sweep; once each across replicas). */
    public static final String REGISTRY_REAPED = "banyan.registry.reaped";
    /** Counter: admin API requests by method (a known method or other), route (template or unmatched) and status code. */
    public static final String ADMIN_REQUESTS = AdminMetricNames.REQUESTS;
    /** Gauge: open connections of the admin port. */
    public static final String ADMIN_CONNECTIONS = AdminMetricNames.CONNECTIONS;
    /** Counter: admin connections closed at once because the limit and its probe connections were all taken. */
    public static final String ADMIN_CONNECTIONS_REFUSED = AdminMetricNames.CONNECTIONS_REFUSED;
    /** Counter: admin connections cut off by a timeout (timeout=header|body|idle). */
    public static final String ADMIN_TIMEOUTS = AdminMetricNames.TIMEOUTS;
    /** Counter: revisions of the mesh configuration written, by kind (policy, authorization, routes, ...). */
    public static final String CONFIG_REVISIONS = "banyan.config.revisions";
    /** Gauge: sidecars with an open ADS stream. */
    public static final String XDS_CONNECTED_SIDECARS = "banyan.xds.connected.sidecars";
    /** Counter: staged rollouts finished, by outcome (promoted|reverted). */
    public static final String ROLLOUTS = "banyan.rollouts";
    /** Counter: snapshots pushed (one per node and change). */
    public static final String XDS_PUSHES = "banyan.xds.pushes";
    /** Counter: node snapshots built (only the nodes a change affects are built). */
    public static final String XDS_NODE_BUILDS = "banyan.xds.node.builds";
    /**
     * Counter: xDS responses (pushes) sent on ADS streams, state of the world and delta, by type (cluster, endpoint,
     * listener, route, secret, or other).
     */
    public static final String XDS_RESPONSES_SENT = "banyan.xds.responses.sent";
    /** Counter: ACKs and NACKs received, by type and result (ack|nack). */
    public static final String XDS_RESPONSES = "banyan.xds.responses";
    /**
     * Counter: ADS streams refused before any node state was kept, by reason (unauthenticated, permission_denied,
     * stream_limit, node_limit).
     */
    public static final String XDS_STREAMS_REFUSED = "banyan.xds.streams.refused";
    /** Gauge: xDS nodes the control plane keeps state for (connected, or disconnected within the retention). */
    public static final String XDS_TRACKED_NODES = "banyan.xds.tracked.nodes";
    /**
     * Gauge: resources (or one service's virtual host of a shared route table) held back from the published
     * snapshots because the sidecars' translators refuse them, by kind (cluster, endpoint, listener, route).
     */
    public static final String XDS_INVALID_RESOURCES = "banyan.xds.invalid.resources";
    /** Counter: load reports (LoadStatsRequests carrying stats) received from the data planes. */
    public static final String LOAD_REPORTS = "banyan.load.reports";
    /**
     * Counter: parts of load reports ignored, by reason (untracked_cluster, unknown_metric, bad_cause, cause_limit,
     * bad_sketch, bad_count, bad_sample, sample_limit).
     */
    public static final String LOAD_REPORTS_REJECTED = "banyan.load.reports.rejected";
    /** Gauge: open load-reporting (LRS) streams. */
    public static final String LOAD_STREAMS = "banyan.load.streams";
    /** Counter: load-reporting streams refused, by reason (no_node, permission_denied, stream_limit). */
    public static final String LOAD_STREAMS_REFUSED = "banyan.load.streams.refused";
    /** Counter: registration calls by method and result (ok, or a gRPC status code). */
    public static final String REGISTRATION_CALLS = "banyan.registration.calls";

    /** Gauge: 1 while the durable store takes writes, 0 while it is unavailable (disk full, I/O error) and reopening. */
    public static final String STORE_AVAILABLE = "banyan.store.available";

    /**
     * Gauge: 1 while this replica leads (runs reaping, the migration controller and the rollout driver), 0 otherwise;
     * always 1 on the embedded store.
     */
    public static final String STORE_LEADER = "banyan.store.leader";

    /** Counter: group commits synced to the disk (each covers one or more writes). */
    public static final String STORE_SYNCS = "banyan.store.syncs";

    /** Counter: writes acknowledged durable (covered by a synced group commit). */
    public static final String STORE_DURABLE_WRITES = "banyan.store.durable.writes";

    /** Gauge: migrations by state (shadowing, shifting, paused, rolled-back, complete). */
    public static final String MIGRATIONS = "banyan.migrations";
    /**
     * Counter: migration events by type (created, advanced, paused, resumed, rolled-back, completed) and by whom
     * (operator, guard, schedule); {@code type="rolled-back", by="guard"} counts the guard's rollbacks.
     */
    public static final String MIGRATION_EVENTS = "banyan.migration.events";

    /** Counter: workload certificates the CA signed. */
    public static final String CA_CERTIFICATES_ISSUED = "banyan.ca.certificates.issued";
    /** Counter: signing requests refused, by reason (unauthenticated, token_rejected, bad_certificate, wrong_service, bad_csr). */
    public static final String CA_REQUESTS_REFUSED = "banyan.ca.requests.refused";
    /** Gauge: expiry (epoch seconds) of the CA's certificate (cert=ca), its root (cert=root) and the serving one (cert=serving). */
    public static final String CA_CERTIFICATE_EXPIRY = "banyan.ca.certificate.expiry.seconds";

    private MetricNames() {
    }
}
