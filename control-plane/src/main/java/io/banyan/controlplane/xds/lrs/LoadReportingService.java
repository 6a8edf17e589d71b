package io.banyan.controlplane.xds.lrs;

import io.banyan.certs.SpiffeId;
import io.banyan.controlplane.ca.RequireWorkloadIdentity;
import io.banyan.controlplane.loadstats.LoadStore;
import io.banyan.controlplane.loadstats.NodeLoads;
import io.banyan.controlplane.xds.snapshot.SidecarNode;
import io.banyan.controlplane.xds.snapshot.SidecarNodeParser;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterStats;
import io.envoyproxy.envoy.service.load_stats.v3.LoadReportingServiceGrpc;
import io.envoyproxy.envoy.service.load_stats.v3.LoadStatsRequest;
import io.envoyproxy.envoy.service.load_stats.v3.LoadStatsResponse;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code envoy.service.load_stats.v3.LoadReportingService/StreamLoadStats} on the xDS port: a data plane's first
 * request names its node (as on ADS: of the service its workload certificate proves); the answer lists the clusters
 * the {@link LoadStore} tracks with the reporting interval, and is sent again to every open stream when that set
 * changes. Each later request's ClusterStats are decoded ({@link ClusterStatsDecoder}) into the store; a bad part is
 * ignored and counted, never the end of the stream. A caller without a workload certificate is refused by
 * {@code authentication} before its first message is read. Runs on gRPC threads and never blocks.
 */
public final class LoadReportingService extends LoadReportingServiceGrpc.LoadReportingServiceImplBase {

    private static final Logger log = LoggerFactory.getLogger(LoadReportingService.class);

    private final LoadStore store;
    private final com.google.protobuf.Duration interval;
    private final int maxStreams;
    private final LoadReportMetrics metrics;
    private final ClusterStatsDecoder decoder = new ClusterStatsDecoder();
    private final SidecarNodeParser nodes = new SidecarNodeParser();
    private final Set<ReportStream> streams = ConcurrentHashMap.newKeySet();
    private final AtomicInteger admitted = new AtomicInteger();
    /** Open streams per workload identity (a key only while it has one): none may take the others' room. */
    private final ConcurrentHashMap<String, Integer> perIdentity = new ConcurrentHashMap<>();
    private final int maxStreamsPerIdentity;
    private final ReportScope scope;
    /** Null when no per-node sums are kept. */
    private final NodeLoads nodeLoads;

    /**
     * @param interval   how often the data planes report ({@code load_reporting_interval})
     * @param maxStreams the most streams open at once (each holds a gauge per tracked cluster); more are refused with
     *                   {@code RESOURCE_EXHAUSTED}
     * @param maxStreamsPerIdentity the most of them one workload identity may hold (as on ADS), so that one
     *                   compromised service cannot keep the others' reports, and the guards' evidence, out
     * @param scope      which of the tracked clusters each data plane is asked about and may report on
     */
    public LoadReportingService(LoadStore store, Duration interval, int maxStreams, int maxStreamsPerIdentity,
                                ReportScope scope, MeterRegistry meters) {
        this(store, null, interval, maxStreams, maxStreamsPerIdentity, scope, meters);
    }

    /**
     * The same, adding every report it keeps to {@code nodeLoads} per node; while that is
     * {@link NodeLoads#watching() watching} (a staged rollout in flight) the data planes are asked for every cluster
     * ({@code send_all_clusters}), and the reports of untracked clusters count there only.
     */
    public LoadReportingService(LoadStore store, NodeLoads nodeLoads, Duration interval, int maxStreams,
                                int maxStreamsPerIdentity, ReportScope scope, MeterRegistry meters) {
        this.nodeLoads = nodeLoads;
        this.store = Objects.requireNonNull(store, "store");
        this.interval = com.google.protobuf.Duration.newBuilder().setSeconds(interval.getSeconds())
                .setNanos(interval.getNano()).build();
        this.maxStreams = maxStreams;
        this.maxStreamsPerIdentity = maxStreamsPerIdentity;
        this.scope = Objects.requireNonNull(scope, "scope");
        this.metrics = new LoadReportMetrics(meters, streams::size);
        store.onTrackedChange(this::pushTracked);
        if (nodeLoads != null) {
            nodeLoads.onWatchChange(this::pushTracked);
        }
    }

    private boolean watching() {
        return nodeLoads != null && nodeLoads.watching();
    }

    /** The service behind {@code authentication} (the xDS port's workload-identity check). */
    public ServerServiceDefinition bindService(ServerInterceptor authentication) {
        return ServerInterceptors.intercept(bindService(), authentication);
    }

    @Override
    public StreamObserver<LoadStatsRequest> streamLoadStats(StreamObserver<LoadStatsResponse> responses) {
        return new ReportStream(responses);
    }

    private void pushTracked() {
        for (ReportStream stream : streams) {
            stream.sendTracked();
        }
    }

    private void release(String identity) {
        perIdentity.computeIfPresent(identity, (who, open) -> open == 1 ? null : open - 1);
    }

    /** One data plane's stream: its first request admits it, the later ones carry its reports. */
    private final class ReportStream implements StreamObserver<LoadStatsRequest> {

        private final StreamObserver<LoadStatsResponse> responses;
        private String identity;
        private LoadStore.Reporter reporter;
        private String node = "";
        private SidecarNode sidecar;
        /** The clusters this data plane was last asked about: only those of its reports are kept. */
        private volatile Set<String> asked = Set.of();
        private boolean ended;

        ReportStream(StreamObserver<LoadStatsResponse> responses) {
            this.responses = responses;
        }

        @Override
        public void onNext(LoadStatsRequest request) {
            if (reporter == null && !admit(request.getNode())) {
                return;
            }
            if (request.getClusterStatsCount() > 0) {
                metrics.report();
            }
            for (ClusterStats stats : request.getClusterStatsList()) {
                record(stats);
            }
        }

        private boolean admit(Node node) {
            synchronized (this) {
                if (ended) {
                    return false;
                }
            }
            if (node.getId().isEmpty()) {
                return refuse(LoadReportMetrics.Refusal.NO_NODE, Status.INVALID_ARGUMENT.withDescription(
                        "node: missing (expected: the first LoadStatsRequest carries the data plane's Node with its "
                                + "id, as on ADS)"));
            }
            SpiffeId identity = RequireWorkloadIdentity.IDENTITY.get();
            SidecarNode parsed = nodes.parse(node);
            String service = parsed.service();
            if (identity == null || !identity.service().equals(service)) {
                return refuse(LoadReportMetrics.Refusal.PERMISSION_DENIED, Status.PERMISSION_DENIED.withDescription(
                        "node '" + node.getId() + "' claims service '" + service + "' but its certificate is "
                                + identity + " (expected: a node of the certificate's service)"));
            }
            String who = identity.toString();
            if (perIdentity.merge(who, 1, Integer::sum) > maxStreamsPerIdentity) {
                release(who);
                return refuse(LoadReportMetrics.Refusal.STREAM_LIMIT, Status.RESOURCE_EXHAUSTED.withDescription(
                        "load-reporting streams of " + who + ": " + maxStreamsPerIdentity + " open (expected: at most "
                                + maxStreamsPerIdentity + " per identity, xds-max-streams-per-identity)"));
            }
            if (admitted.incrementAndGet() > maxStreams) {
                admitted.decrementAndGet();
                release(who);
                return refuse(LoadReportMetrics.Refusal.STREAM_LIMIT, Status.RESOURCE_EXHAUSTED.withDescription(
                        "load-reporting streams: " + maxStreams + " open (expected: at most " + maxStreams
                                + ", xds-max-nodes)"));
            }
            this.identity = who;
            this.sidecar = parsed;
            this.node = node.getId();
            reporter = store.reporter();
            streams.add(this);
            log.debug("load-reporting stream opened by node '{}'", this.node);
            sendTracked();
            return true;
        }

        private boolean refuse(LoadReportMetrics.Refusal reason, Status status) {
            metrics.refused(reason);
            log.warn("load-reporting stream refused: {}", status.getDescription());
            synchronized (this) {
                ended = true;
                responses.onError(status.asRuntimeException());
            }
            return false;
        }

        private void record(ClusterStats stats) {
            boolean kept = store.tracks(stats.getClusterName()) && asked.contains(stats.getClusterName());
            boolean watched = watching();
            if (!kept && !watched) {
                metrics.rejected(ReportRejection.UNTRACKED_CLUSTER);
                return;
            }
            ClusterStatsDecoder.Decoded decoded = decoder.decode(stats, metrics::rejected);
            if (nodeLoads != null) {
                nodeLoads.record(node, decoded.side().requests(), decoded.side().errors());
            }
            if (!kept) {
                return;
            }
            LoadStore.Recorded recorded = reporter.record(stats.getClusterName(), decoded.side(), decoded.shadow());
            if (!recorded.tracked()) {
                metrics.rejected(ReportRejection.UNTRACKED_CLUSTER);
            }
            for (int i = 0; i < recorded.causesLeftOut(); i++) {
                metrics.rejected(ReportRejection.CAUSE_LIMIT);
            }
        }

        /** Sends the tracked set as it is now (serialized with the other sends of this stream). */
        synchronized void sendTracked() {
            if (ended) {
                return;
            }
            try {
                TreeSet<String> clusters = new TreeSet<>();
                for (String cluster : store.tracked()) {
                    if (scope.mayReport(sidecar, cluster)) {
                        clusters.add(cluster);
                    }
                }
                asked = Set.copyOf(clusters);
                responses.onNext(LoadStatsResponse.newBuilder().addAllClusters(clusters)
                        .setSendAllClusters(watching()).setLoadReportingInterval(interval).build());
            } catch (RuntimeException e) {
                // The call was cancelled meanwhile: its close callback ends the stream.
                log.debug("load-reporting stream of node '{}': push failed: {}", node, e.toString());
            }
        }

        @Override
        public void onError(Throwable t) {
            end();
        }

        @Override
        public void onCompleted() {
            if (end()) {
                synchronized (this) {
                    responses.onCompleted();
                }
            }
        }

        /** Forgets the stream; whether it was still open. */
        private boolean end() {
            synchronized (this) {
                if (ended) {
                    return false;
                }
                ended = true;
            }
            if (reporter != null && streams.remove(this)) {
                reporter.close();
                if (nodeLoads != null) {
                    nodeLoads.forget(node);
                }
                admitted.decrementAndGet();
                release(identity);
                log.debug("load-reporting stream of node '{}' closed", node);
            }
            return true;
        }
    }
}
