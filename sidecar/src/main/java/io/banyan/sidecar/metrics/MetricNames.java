package io.banyan.sidecar.metrics;

/**
 * Every metric name the sidecar exports, in one place. Prometheus names get the usual suffixes from
 * Micrometer ({@code _total}, {@code _seconds_bucket}, ...). Tags: {@code service} (the destination
 * service, or the local one inbound), {@code direction} (inbound|outbound), {@code status_class}
 * (2xx..5xx), {@code cause} (an x-banyan-error token).
 */
public final class MetricNames {

    /** Timer: requests by service, direction, status class; histogram with the SLO buckets of {@link LatencyBuckets}. */
    public static final String REQUESTS = "banyan.requests";
    /**
     * Timer: attempts to one upstream endpoint that got a response head, by service, endpoint ({@code host:port}, or
     * {@code other} beyond the per-cluster limit) and status class; the time from the attempt's start to the head.
     * Bounded by {@link EndpointMeters}.
     */
    public static final String ENDPOINT_REQUESTS = "banyan.endpoint.requests";
    /** Counter: attempts to one upstream endpoint that failed without a response head, by service, endpoint, cause. */
    public static final String ENDPOINT_ERRORS = "banyan.endpoint.errors";
    /** Timer: requests matched by a named route, by route, service (the cluster chosen) and status class. */
    public static final String ROUTE_REQUESTS = "banyan.route.requests";
    /** Counter: requests that failed inside the mesh, by service, direction, cause. */
    public static final String MESH_ERRORS = "banyan.mesh.errors";
    /** Counter: retries by service. */
    public static final String RETRIES = "banyan.retries";
    /** Gauge: healthy endpoints by cluster. */
    public static final String ENDPOINTS_HEALTHY = "banyan.endpoints.healthy";
    /** Gauge: open upstream connections by cluster (tag service). */
    public static final String UPSTREAM_CONNECTIONS = "banyan.upstream.connections";
    /** Gauge: upstream connections carrying an exchange now (HTTP/1.1 lent out, HTTP/2 with a stream), by service. */
    public static final String UPSTREAM_CONNECTIONS_ACTIVE = "banyan.upstream.connections.active";
    /** Gauge: open upstream connections carrying nothing (pooled, idle), by service. */
    public static final String UPSTREAM_CONNECTIONS_IDLE = "banyan.upstream.connections.idle";
    /** Gauge: requests waiting for an upstream connection being established (the cluster's pending requests), by service. */
    public static final String UPSTREAM_PENDING_REQUESTS = "banyan.upstream.pending.requests";
    /** Gauge: requests admitted to a cluster and not yet ended (the cluster's active requests), by service. */
    public static final String UPSTREAM_ACTIVE_REQUESTS = "banyan.upstream.active.requests";
    /** Counter: downstream connections accepted, by listener. */
    public static final String DOWNSTREAM_CONNECTIONS = "banyan.downstream.connections";
    /** Counter: requests rejected as malformed, by reason. */
    public static final String PROTOCOL_ERRORS = "banyan.protocol.errors";
    /** Gauge: 1 while the ADS stream is connected, else 0. */
    public static final String XDS_CONNECTED = "banyan.xds.connected";
    /** Gauge: seconds since the last accepted config. */
    public static final String XDS_CONFIG_AGE = "banyan.xds.config.age.seconds";
    /** Counter: xDS updates by type and result (ack|nack). */
    public static final String XDS_UPDATES = "banyan.xds.updates";
    /**
     * Counter: xDS responses (pushes) received from the control plane, by type (listener|route|cluster|endpoint|secret:
     * the type URLs this client subscribes to; a response of another type is ignored and not counted).
     */
    public static final String XDS_RESPONSES_RECEIVED = "banyan.xds.responses.received";
    /** Counter: moves to another control-plane replica (an ADS stream lost or refused; --control-plane list). */
    public static final String XDS_CONTROL_PLANE_FAILOVERS = "banyan.xds.control.plane.failovers";
    /** Gauge: 1 while the sidecar serves the configuration saved in its data dir without having heard from a
     * control plane since it started, else 0. */
    public static final String XDS_STALE_CONFIG = "banyan.xds.stale.config";
    /** Counter: load reports (LRS requests with the clusters' stats) sent to the control plane. */
    public static final String LOAD_REPORTS = "banyan.load.reports";
    /** Gauge: 1 while the instance is registered and its app healthy, else 0. */
    public static final String REGISTRATION_HEALTHY = "banyan.registration.healthy";

    /** Counter: spans the OTLP receiver accepted ({@code --otlp-endpoint}). */
    public static final String TRACE_SPANS_EXPORTED = "banyan.trace.spans.exported";
    /** Counter: spans lost before the OTLP receiver accepted them, by reason (queue_full|export_failed|shutdown). */
    public static final String TRACE_SPANS_DROPPED = "banyan.trace.spans.dropped";

    /** Counter: failed TLS handshakes, by direction (inbound|outbound|control_plane|edge) and reason (expired, untrusted, ...). */
    public static final String TLS_HANDSHAKE_FAILURES = "banyan.tls.handshake.failures";
    /** Gauge: seconds until the workload certificate's notAfter, by service. */
    public static final String CERTIFICATE_EXPIRY = "banyan.certificate.expiry.seconds";
    /**
     * Gauge: seconds until each trust root of the mesh's bundle expires, by service and root (the first 16 hex digits
     * of the root's SHA-256 fingerprint, as {@code GET /v1/trust-bundle} shows them). At most
     * {@code TrustRootExpiry.MAX_ROOTS} roots; a root that left the bundle is removed.
     */
    public static final String TRUST_ROOT_EXPIRY = "banyan.trust.root.expiry.seconds";
    /**
     * Counter: an edge gateway's certificate files re-read after they changed, by result (success|failure: the
     * previous certificate still serves).
     */
    public static final String EDGE_CERTIFICATE_RELOADS = "banyan.edge.certificate.reloads";

    /** Counter: retries refused because the cluster's retry budget (or max-retries threshold) was full, by service. */
    public static final String RETRY_BUDGET_EXHAUSTED = "banyan.retry.budget.exhausted";
    /** Counter: requests, connections or retries refused by a cluster threshold, by service and resource. */
    public static final String CLUSTER_OVERFLOWS = "banyan.cluster.overflows";
    /** Counter: outlier ejections, by service and reason (consecutive_5xx|consecutive_gateway_failure|success_rate, and
     * connect_failure: an endpoint skipped after a failed connect). */
    public static final String OUTLIER_EJECTIONS = "banyan.outlier.ejections";
    /** Gauge: endpoints currently ejected by outlier detection, by service. */
    public static final String OUTLIER_EJECTED = "banyan.outlier.ejected";
    /** Counter: endpoint circuit breaker transitions, by service and the state entered (open|half_open|closed). */
    public static final String CIRCUIT_BREAKER_TRANSITIONS = "banyan.circuit.breaker.transitions";
    /** Gauge: endpoints whose circuit breaker is open, by service. */
    public static final String CIRCUIT_BREAKERS_OPEN = "banyan.circuit.breakers.open";
    /** Counter: requests refused by a local rate limit, by service (the limiter's service or route). */
    public static final String RATE_LIMITED = "banyan.rate.limited";

    /** Counter: tcp_proxy connections relayed (upstream connected), by listener and service (the target cluster). */
    public static final String TCP_CONNECTIONS = "banyan.tcp.connections";
    /** Counter: tcp_proxy connections closed without an upstream (every connect attempt failed), by listener and service. */
    public static final String TCP_CONNECTIONS_FAILED = "banyan.tcp.connections.failed";
    /** Counter: failed tcp_proxy upstream connect attempts (refused, timed out, TLS), by listener and service. */
    public static final String TCP_CONNECT_FAILURES = "banyan.tcp.connect.failures";
    /** Counter: bytes relayed by tcp_proxy, by listener, service and to (upstream|downstream). */
    public static final String TCP_BYTES = "banyan.tcp.bytes";
    /**
     * Counter: tcp_proxy connections closed because the caller is not in the listener's allow list (network RBAC),
     * right after the mutual TLS handshake and before any upstream connection, by listener and service.
     */
    public static final String TCP_CONNECTIONS_DENIED = "banyan.tcp.connections.denied";
    /**
     * Counter: tcp_proxy connections closed by a drain (at once when not relaying yet or quiet, else at the end of
     * the grace period), by listener and service. Idle timeouts count in {@link #DOWNSTREAM_TIMEOUTS} (timeout=idle).
     */
    public static final String TCP_CONNECTIONS_DRAINED = "banyan.tcp.connections.drained";

    /** Counter: HTTP/1.1 upgrades the upstream accepted (101 passed), by listener and type (websocket). */
    public static final String UPGRADES = "banyan.upgrades";
    /** Gauge: upgraded connections relaying bytes now (tunnels), by listener. */
    public static final String TUNNELS_OPEN = "banyan.tunnels.open";
    /** Counter: bytes relayed through tunnels, by listener and to (upstream|downstream). */
    public static final String TUNNEL_BYTES = "banyan.tunnel.bytes";

    /**
     * Counter: downstream connections closed by a timeout, by listener and timeout
     * (request_headers|request_body|idle). Malformed requests count in {@link #PROTOCOL_ERRORS}, by listener and reason.
     */
    public static final String DOWNSTREAM_TIMEOUTS = "banyan.downstream.timeouts";

    /**
     * Counter: HTTP/2 downstream streams or connections refused, reset or closed by the sidecar, by listener and reason
     * (rapid_reset|continuation_flood|header_list_too_large|too_many_headers|control_frame_flood|empty_frame_flood|
     * refused_stream|protocol_error|idle_timeout|stream_idle_timeout).
     */
    public static final String HTTP2_ERRORS = "banyan.http2.errors";

    /**
     * Counter: shadow (mirrored) requests, by service (the mirror cluster, from config) and outcome ({@link
     * MirrorOutcome}: sent|success|failed|timeout|dropped_overflow|dropped_body_too_large|dropped_no_upstream|
     * dropped_incomplete). Requests not sampled are not counted.
     */
    public static final String MIRROR_REQUESTS = "banyan.mirror.requests";
    /** Counter: responses to shadow requests (drained and discarded), by service and status_class (1xx..5xx). */
    public static final String MIRROR_RESPONSES = "banyan.mirror.responses";
    /** Gauge: shadow requests in flight (body buffered or sent, not ended), by service. */
    public static final String MIRROR_IN_FLIGHT = "banyan.mirror.requests.in.flight";
    /**
     * Counter: shadow copies whose answer was compared with the live one (their route has a comparison), by service
     * (the mirror cluster) and outcome ({@link ComparisonOutcome}: equal|different|failed). Dropped copies are in
     * {@link #MIRROR_REQUESTS}.
     */
    public static final String SHADOW_COMPARISONS = "banyan.shadow.comparisons";

    /**
     * Counter: requests the gateway answered itself for their route's end-user policy, by outcome (an x-banyan-error
     * token: unauthenticated|forbidden|rate_limited|payload_too_large|jwks_unavailable, or cors_preflight).
     */
    public static final String EDGE_ANSWERS = "banyan.edge.answers";

    /** Counter: access log lines dropped because the writer's queue was full (the access log never blocks). */
    public static final String ACCESS_LOG_DROPPED = "banyan.access.log.dropped";

    private MetricNames() {
    }
}
