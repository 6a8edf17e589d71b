package io.banyan.sidecar.diagnose;

import io.banyan.api.xds.ResourceNames;
import io.banyan.dataplane.config.ClusterConfig;
import io.banyan.dataplane.config.Endpoint;
import io.banyan.dataplane.config.ListenerConfig;
import io.banyan.dataplane.config.MeshConfig;
import io.banyan.dataplane.config.RetryBudgetSettings;
import io.banyan.dataplane.config.Route;
import io.banyan.dataplane.config.RouteConfig;
import io.banyan.dataplane.config.VirtualHost;
import io.banyan.dataplane.config.WeightedCluster;
import io.banyan.dataplane.xds.XdsType;
import io.banyan.sidecar.cluster.ClusterStatus;
import io.banyan.sidecar.cluster.EndpointStatus;
import io.banyan.sidecar.metrics.MetricNames;
import io.banyan.sidecar.xds.XdsStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Explains the path to a service, or one failed request, from what the sidecar already shows elsewhere: the
 * configuration ({@code /config_dump}), the clusters' live state ({@code /clusters}), the xDS client's status, the
 * retry-budget counter of {@code /metrics} and the {@link RecentFailures}. Reads only; runs on the admin thread.
 */
public final class Diagnosis {

    /** The most recent failures of a service shown. */
    static final int RECENT_SHOWN = 10;

    private final Supplier<MeshConfig> config;
    private final Live live;
    private final Supplier<XdsStatus> xds;
    private final Declared declared;
    private final RecentFailures failures;
    private final MeterRegistry meters;
    private final Clock clock;

    /**
     * What the data plane shows live: its clusters ({@code /clusters}; null supplied: none yet, the config's endpoints
     * are shown) and its bound listeners by name (a listener configured on port 0 shows the port it got).
     */
    public record Live(Supplier<List<ClusterStatus>> clusters, Supplier<Map<String, InetSocketAddress>> listeners) {

        /** No data plane: the configuration alone. */
        public static final Live NONE = new Live(() -> null, Map::of);

        public Live {
            Objects.requireNonNull(clusters, "clusters");
            Objects.requireNonNull(listeners, "listeners");
        }
    }

    /**
     * @param config the configuration the data plane runs with (null supplied: none yet)
     * @param xds    the xDS client's status (null supplied: no xDS client; nothing is said of the control plane)
     */
    public Diagnosis(Supplier<MeshConfig> config, Live live, Supplier<XdsStatus> xds, Declared declared,
                     RecentFailures failures, MeterRegistry meters, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.live = Objects.requireNonNull(live, "live");
        this.xds = Objects.requireNonNull(xds, "xds");
        this.declared = Objects.requireNonNull(declared, "declared");
        this.failures = Objects.requireNonNull(failures, "failures");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** How many failed requests the ring keeps. */
    public int ringCapacity() {
        return failures.capacity();
    }

    /** The path to {@code service} now; empty when the sidecar knows nothing of it (not declared, configured or failed). */
    public Optional<ServiceWhy> service(String service) {
        Instant now = clock.instant();
        MeshConfig mesh = Objects.requireNonNullElse(config.get(), MeshConfig.EMPTY);
        String clusterName = ResourceNames.cluster(service);
        ClusterConfig cluster = mesh.clusters().get(clusterName);
        List<ServiceWhy.PathToService> paths = paths(mesh, clusterName, live.listeners().get());
        ServiceWhy.Failures failed = new ServiceWhy.Failures(failures.byCause(clusterName),
                recent(service, clusterName), failures.capacity());
        boolean declares = declared.declares(service);
        if (!declares && cluster == null && paths.isEmpty() && failed.byCause().isEmpty() && failed.recent().isEmpty()) {
            return Optional.empty();
        }
        ClusterStatus status = clusterStatus(clusterName);
        ServiceWhy.ClusterState clusterState = cluster == null ? null : clusterState(cluster, status);
        List<ServiceWhy.EndpointState> endpoints = cluster == null ? List.of() : endpoints(mesh, cluster, status, now);
        ServiceWhy.RetryState retries = cluster == null ? null : retries(cluster, status);
        XdsStatus xdsStatus = xds.get(); // read once: the data and the verdict tell of the same moment
        ServiceWhy.ConfigState configState = configState(xdsStatus);
        ServiceWhy.Scope scope = new ServiceWhy.Scope(declares, declared.how(service), cluster != null);
        ServiceWhy partial = new ServiceWhy(service, now, scope, paths, clusterState, endpoints, retries, failed,
                configState, "");
        return Optional.of(new ServiceWhy(service, now, scope, paths, clusterState, endpoints, retries, failed,
                configState, ServiceVerdict.of(partial, refusedNaming(xdsStatus, service))));
    }

    /** The newest failed request of the ring with {@code requestId}. */
    public Optional<RequestWhy> request(String requestId) {
        return failures.find(requestId).map(failure -> new RequestWhy(requestId, failure, RequestVerdict.of(failure)));
    }

    private static List<ServiceWhy.PathToService> paths(MeshConfig mesh, String clusterName,
                                                        Map<String, InetSocketAddress> bound) {
        List<ServiceWhy.PathToService> paths = new ArrayList<>();
        List<ListenerConfig> listeners = mesh.listeners().values().stream()
                .sorted(Comparator.comparing(ListenerConfig::name)).toList();
        for (ListenerConfig listener : listeners) {
            String direction = listener.direction().name().toLowerCase(Locale.ROOT);
            InetSocketAddress address = bound.get(listener.name());
            int port = address != null ? address.getPort() : listener.port();
            if (listener.isTcp()) {
                if (listener.cluster().equals(clusterName)) {
                    paths.add(new ServiceWhy.PathToService(listener.name(), listener.address(), port,
                            direction, null, null, List.of(), null, null, 100));
                }
                continue;
            }
            RouteConfig routes = mesh.routes().get(listener.routeConfigName());
            if (routes == null) {
                continue;
            }
            for (VirtualHost host : routes.virtualHosts()) {
                for (Route route : host.routes()) {
                    if (route.action() == null) {
                        continue;
                    }
                    int total = route.action().clusters().stream().mapToInt(WeightedCluster::weight).sum();
                    for (WeightedCluster target : route.action().clusters()) {
                        if (target.cluster().equals(clusterName)) {
                            paths.add(new ServiceWhy.PathToService(listener.name(), listener.address(),
                                    port, direction, routes.name(), host.name(), host.domains(),
                                    route.name(), route.match().kind().name().toLowerCase(Locale.ROOT) + " "
                                    + route.match().value(), total == 0 ? 100 : target.weight() * 100 / total));
                        }
                    }
                }
            }
        }
        return paths;
    }

    private ClusterStatus clusterStatus(String clusterName) {
        List<ClusterStatus> all = live.clusters().get();
        if (all == null) {
            return null;
        }
        return all.stream().filter(status -> status.name().equals(clusterName)).findFirst().orElse(null);
    }

    private static ServiceWhy.ClusterState clusterState(ClusterConfig cluster, ClusterStatus live) {
        Map<String, String> thresholds = new TreeMap<>();
        if (live != null) {
            live.thresholds().forEach((resource, usage) -> thresholds.put(resource, usage.active() + "/" + usage.max()));
        }
        ClusterStatus.Outlier outlier = live == null ? null : live.outlier();
        return new ServiceWhy.ClusterState(cluster.discovery().name(), cluster.protocol().name(),
                live != null && live.panic(), outlier == null ? null : outlier.ejected(),
                outlier == null ? null : outlier.maxEjectionPercent(), thresholds);
    }

    private static List<ServiceWhy.EndpointState> endpoints(MeshConfig mesh, ClusterConfig cluster, ClusterStatus live,
                                                            Instant now) {
        if (live == null) {
            List<ServiceWhy.EndpointState> known = new ArrayList<>();
            for (Endpoint endpoint : mesh.endpointsOf(cluster).endpoints()) {
                known.add(new ServiceWhy.EndpointState(endpoint.authority(), endpoint.zone(), endpoint.instanceId(),
                        ServiceWhy.EndpointState.UNKNOWN, List.of(), null, null, null));
            }
            return known;
        }
        List<ServiceWhy.EndpointState> states = new ArrayList<>(live.endpoints().size());
        for (EndpointStatus endpoint : live.endpoints()) {
            EndpointStatus.Ejection ejection = endpoint.ejection();
            states.add(new ServiceWhy.EndpointState(endpoint.address(), endpoint.zone(), endpoint.instanceId(),
                    state(endpoint.healthFlags()), endpoint.healthFlags(), ejection == null ? null : ejection.reason(),
                    ejection == null ? null : now.plusMillis(ejection.remainingMillis()), endpoint.activeRequests()));
        }
        return states;
    }

    /** Why an endpoint takes no traffic, the first that holds, or healthy. */
    private static String state(List<String> flags) {
        if (flags.contains(EndpointStatus.FAILED_OUTLIER_CHECK)) {
            return "ejected";
        }
        if (flags.contains(EndpointStatus.FAILED_ACTIVE_HC)) {
            return "failing_health_checks";
        }
        if (flags.contains(EndpointStatus.CIRCUIT_OPEN)) {
            return "circuit_open";
        }
        if (flags.contains(EndpointStatus.FAILED_CONNECT)) {
            return "unreachable";
        }
        if (flags.contains(EndpointStatus.CIRCUIT_HALF_OPEN)) {
            return "circuit_half_open";
        }
        return ServiceWhy.EndpointState.HEALTHY;
    }

    private ServiceWhy.RetryState retries(ClusterConfig cluster, ClusterStatus live) {
        Counter refused = meters.find(MetricNames.RETRY_BUDGET_EXHAUSTED).tag("service", cluster.name()).counter();
        long exhausted = refused == null ? 0 : (long) refused.count();
        RetryBudgetSettings budget = cluster.retryBudget();
        boolean byBudget = budget != null && budget.enabled();
        ClusterStatus.Retries retries = live == null ? null : live.retries();
        return new ServiceWhy.RetryState(retries == null
                ? byBudget ? ClusterStatus.Retries.RETRY_BUDGET : ClusterStatus.Retries.MAX_RETRIES : retries.gate(),
                retries == null ? 0 : retries.active(), retries == null ? 0 : retries.limit(),
                byBudget ? budget.budgetPercent() : null, byBudget ? budget.minRetryConcurrency() : null, exhausted);
    }

    /** The ring's failures of the service: admitted to its cluster, or refused for a request whose host named it. */
    private List<ServiceWhy.RecentFailure> recent(String service, String clusterName) {
        List<ServiceWhy.RecentFailure> recent = new ArrayList<>();
        for (FailedExchange failure : failures.newestFirst()) {
            boolean ours = failure.upstreamService() != null ? failure.upstreamService().equals(clusterName)
                    : service.equals(failure.host());
            if (ours) {
                recent.add(new ServiceWhy.RecentFailure(failure.requestId(), failure.start(), failure.status(),
                        failure.cause(), failure.endpoint(), failure.attempts().size()));
                if (recent.size() == RECENT_SHOWN) {
                    break;
                }
            }
        }
        return recent;
    }

    private static ServiceWhy.ConfigState configState(XdsStatus status) {
        if (status == null) {
            return null;
        }
        List<ServiceWhy.TypeState> types = new ArrayList<>();
        for (XdsType type : XdsType.values()) {
            Map<String, String> refusedNow = new TreeMap<>();
            refusedNow.putAll(status.stale().getOrDefault(type.typeUrl(), Map.of()));
            refusedNow.putAll(status.refused().getOrDefault(type.typeUrl(), Map.of()));
            String acked = status.ackedVersions().get(type.typeUrl());
            XdsStatus.Nack nack = status.lastNacks().get(type.typeUrl());
            if (acked == null && nack == null && refusedNow.isEmpty()) {
                continue;
            }
            // nothing was accepted since this NACK: the latest push of the type was refused
            boolean lastWasRefused = nack != null && (status.lastUpdate() == null
                    || nack.at().isAfter(status.lastUpdate()));
            types.add(new ServiceWhy.TypeState(type.shortName(), acked, nack, refusedNow,
                    !refusedNow.isEmpty() || lastWasRefused));
        }
        return new ServiceWhy.ConfigState(status.connected(), status.controlPlane(), status.staleConfig(),
                status.staleSince(), status.lastUpdate(), types);
    }

    /** The resources about {@code service} refused now (its cluster, endpoints, upstream route table), name to reason. */
    private static Map<String, String> refusedNaming(XdsStatus status, String service) {
        Map<String, String> refused = new TreeMap<>();
        if (status == null) {
            return refused;
        }
        List<String> names = List.of(ResourceNames.cluster(service), ResourceNames.upstreamRoutes(service));
        for (Map<String, Map<String, String>> byType : List.of(status.stale(), status.refused())) {
            byType.forEach((typeUrl, resources) -> resources.forEach((name, reason) -> {
                if (names.contains(name)) {
                    String type = XdsType.ofTypeUrl(typeUrl).map(XdsType::shortName).orElse(typeUrl);
                    refused.put(type + " " + name, reason);
                }
            }));
        }
        return refused;
    }
}
