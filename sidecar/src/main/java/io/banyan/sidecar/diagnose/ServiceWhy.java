package io.banyan.sidecar.diagnose;

import io.banyan.sidecar.xds.XdsStatus;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The path to one service as a sidecar sees it now ({@code GET /debug/why?service=}): whether it knows the service
 * and how it gets there, the endpoints and their state, the recent failures, the retry budget, the configuration and
 * the control plane, and a {@code verdict} that says it in one paragraph.
 *
 * @param service   the service asked about
 * @param at        when this was read
 * @param scope     declared or not, and in the configuration or not
 * @param paths     every listener and route that leads to the service's cluster
 * @param cluster   the cluster's live state, null when the configuration has none
 * @param endpoints the cluster's endpoints and their state
 * @param retries   the retry gate's state, null without a cluster
 * @param failures  the failures seen for the service
 * @param config    the configuration versions and the control plane (null without an xDS client)
 * @param verdict   all of it in one paragraph
 */
public record ServiceWhy(String service, Instant at, Scope scope, List<PathToService> paths, ClusterState cluster,
                         List<EndpointState> endpoints, RetryState retries, Failures failures, ConfigState config,
                         String verdict) {

    public ServiceWhy {
        paths = List.copyOf(paths);
        endpoints = List.copyOf(endpoints);
    }

    /**
     * @param declared whether the sidecar was started calling it ({@code --upstream})
     * @param how      how: {@code upstream port 9001}, {@code shared outbound port}, {@code every service
     *                 (--upstream '*')}, {@code gateway routes} or {@code not declared}
     * @param inConfig whether the configuration has a cluster for it
     */
    public record Scope(boolean declared, String how, boolean inConfig) {
    }

    /**
     * A listener and route that lead to the service: {@code route} is the route's name (null when unnamed),
     * {@code match} its path match ({@code prefix /}), {@code weight} the service's share of the route's traffic in
     * percent (100 unless split); a TCP listener has no route table, host or match.
     */
    public record PathToService(String listener, String address, int port, String direction, String routeConfig,
                                String virtualHost, List<String> domains, String route, String match, int weight) {

        public PathToService {
            domains = domains == null ? List.of() : List.copyOf(domains);
        }
    }

    /**
     * The cluster: how its endpoints are found and spoken to, whether its balancer is in panic (too few healthy
     * endpoints: it balances over all), its outlier detection ({@code ejected} now of at most
     * {@code maxEjectionPercent}; null when off) and each threshold's use ({@code active/max} by resource).
     */
    public record ClusterState(String discovery, String protocol, boolean panic, Integer ejected,
                               Integer maxEjectionPercent, Map<String, String> thresholds) {

        public ClusterState {
            thresholds = Map.copyOf(thresholds);
        }
    }

    /**
     * One endpoint: {@code state} is {@code healthy} or why it takes no traffic ({@code ejected},
     * {@code failing_health_checks}, {@code circuit_open}, {@code unreachable}, {@code circuit_half_open}; the first
     * that holds; {@code unknown} before the data plane runs), {@code flags} every health flag of {@code /clusters}, and while ejected, why and until when.
     */
    public record EndpointState(String address, String zone, String instanceId, String state, List<String> flags,
                                String ejectionReason, Instant ejectedUntil, Integer activeRequests) {

        public static final String HEALTHY = "healthy";
        /** No data plane runs yet: only the configuration's endpoints are known. */
        public static final String UNKNOWN = "unknown";

        public EndpointState {
            flags = List.copyOf(flags);
        }

        public boolean healthy() {
            return HEALTHY.equals(state);
        }
    }

    /**
     * The retry gate: {@code retry_budget} (retries in flight at most {@code budgetPercent}% of the requests in
     * flight, at least {@code minRetryConcurrency}) or {@code max_retries} (a fixed threshold); {@code active} and
     * {@code limit} now, and how many retries it refused since the start ({@code exhaustedTotal}).
     */
    public record RetryState(String gate, int active, int limit, Double budgetPercent, Integer minRetryConcurrency,
                             long exhaustedTotal) {

        public boolean exhausted() {
            return active >= limit;
        }
    }

    /**
     * The failures of the service: by cause since the start (with the last request ids of each), and the last ones
     * the ring of recent failures holds for it (those admitted to its cluster, and those refused for a request whose
     * host named it, e.g. {@code no_route}), newest first.
     */
    public record Failures(List<CauseCount> byCause, List<RecentFailure> recent, int ringCapacity) {

        public Failures {
            byCause = List.copyOf(byCause);
            recent = List.copyOf(recent);
        }
    }

    /** One recent failure: enough to ask {@code /debug/why?request_id=} about it. */
    public record RecentFailure(String requestId, Instant at, int status, String cause, String endpoint,
                                int attempts) {
    }

    /**
     * The configuration: the control plane in use and whether the stream is up, whether the sidecar serves a saved
     * configuration it has not heard about since it started ({@code staleConfig}, since when), and per xDS type its
     * ACKed version, its last NACK and what is refused now.
     */
    public record ConfigState(boolean connected, String controlPlane, boolean staleConfig, Instant staleSince,
                              Instant lastUpdate, List<TypeState> types) {

        public ConfigState {
            types = List.copyOf(types);
        }
    }

    /**
     * One xDS type ({@code cluster}, {@code endpoint}, {@code listener}, {@code route}, {@code secret}): the version
     * ACKed, the last NACK (kept after later ACKs), and the resources of the latest push refused now (name to
     * reason); {@code nacked} says whether that push was refused (some of it is).
     */
    public record TypeState(String type, String acked, XdsStatus.Nack lastNack, Map<String, String> refusedNow,
                            boolean nacked) {

        public TypeState {
            refusedNow = Map.copyOf(refusedNow);
        }
    }
}
