package io.banyan.sidecar.xds.lrs;

import io.banyan.primitives.time.Backoff;
import io.banyan.primitives.time.Ticker;
import io.banyan.sidecar.loadstats.ClusterDelta;
import io.banyan.sidecar.loadstats.LoadRecorders;
import io.banyan.sidecar.metrics.MetricNames;
import io.banyan.sidecar.mirror.ShadowDelta;
import io.banyan.sidecar.mirror.ShadowSource;
import io.banyan.sidecar.xds.ControlPlaneChannels;
import io.banyan.sidecar.xds.StreamLoop;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.load_stats.v3.LoadReportingServiceGrpc;
import io.envoyproxy.envoy.service.load_stats.v3.LoadStatsRequest;
import io.envoyproxy.envoy.service.load_stats.v3.LoadStatsResponse;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;

/**
 * The sidecar's Load Reporting Service client: one {@code StreamLoadStats} stream on the control-plane channel (the
 * one ADS uses). Its first request carries the node and no stats; each {@link LoadStatsResponse} says which clusters
 * to report (or all) and how often, replacing the previous one: those clusters are counted from then on
 * ({@link LoadRecorders#track}), and every interval one request carries a {@code ClusterStats} per such cluster that
 * saw anything since its previous report ({@link LoadReportEncoder}), shadow comparisons included from the
 * {@link ShadowSource}. A failed stream is re-opened after {@link ControlPlaneChannels#RECONNECT_BACKOFF} (at once on
 * {@link #retryNow()}), its clusters still counted meanwhile so that the next stream's first report covers the gap;
 * a control plane without the service ({@code UNIMPLEMENTED}) is not asked again until the channel connects anew,
 * and nothing is counted meanwhile.
 *
 * <p>Everything runs on one {@link StreamLoop} thread (gRPC callbacks are delivered there), never on an event loop; a
 * report waits while the stream cannot take it, its counts accumulating for the next.
 */
public final class LoadReporter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LoadReporter.class);
    /** The shortest interval obeyed: a control plane asking for less gets this. */
    static final Duration MIN_INTERVAL = Duration.ofMillis(100);
    /** The interval when the control plane names none. */
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
    /** The most cluster names one response may ask about; further names are ignored. */
    static final int MAX_CLUSTERS = 4096;

    private final LoadReportingServiceGrpc.LoadReportingServiceStub stub;
    private final Node node;
    private final LoadRecorders loads;
    private final ShadowSource shadows;
    private final StreamLoop loop;
    private final Backoff backoff;
    private final Ticker ticker;
    private final Counter reports;

    // Confined to the loop's thread.
    private Stream stream;
    private Set<String> clusters = Set.of();
    private boolean allClusters;
    /** When each cluster reported was last reported (or first asked about), on the ticker. */
    private final Map<String, Long> lastReport = new HashMap<>();
    /** When the last response arrived: the start of the first interval of a cluster that joins the config later. */
    private long askedAt;
    private ScheduledFuture<?> reporting;
    private ScheduledFuture<?> reconnect;
    private int failures;
    private boolean unimplemented;
    private boolean closed;
    private volatile State state = State.IDLE;

    /** Where the reporter stands. */
    public enum State {
        /** Not started. */
        IDLE,
        /** A stream is open (or opening). */
        STREAMING,
        /** The stream failed; it is re-opened after a backoff. */
        BACKING_OFF,
        /** The control plane does not serve load reporting: not asked again until the channel reconnects. */
        UNSUPPORTED,
        CLOSED
    }

    private LoadReporter(Builder builder) {
        this.node = builder.node;
        this.loads = builder.loads;
        this.shadows = builder.shadows;
        this.loop = StreamLoop.of("banyan-lrs", builder.scheduler);
        this.stub = LoadReportingServiceGrpc.newStub(builder.channel).withExecutor(loop::execute);
        this.backoff = builder.backoff;
        this.ticker = builder.ticker;
        this.reports = Counter.builder(MetricNames.LOAD_REPORTS)
                .description("load reports sent to the control plane (LRS)")
                .register(builder.meterRegistry);
    }

    /**
     * A reporter for {@code node} (the one ADS sends) over {@code channel}, reporting what {@code loads} counted and
     * the comparisons {@code shadows} made.
     */
    public static Builder builder(Channel channel, Node node, LoadRecorders loads, ShadowSource shadows) {
        return new Builder(channel, node, loads, shadows);
    }

    public State state() {
        return state;
    }

    /** Opens the stream; returns at once. */
    public void start() {
        loop.execute(this::connect);
    }

    /**
     * The control-plane channel has connected again: a stream waiting out its backoff, or given up on because the
     * control plane did not serve load reporting, is opened now.
     */
    public void retryNow() {
        loop.execute(() -> {
            if (closed || stream != null) {
                return;
            }
            if (unimplemented || (reconnect != null && reconnect.cancel(false))) {
                unimplemented = false;
                connect();
            }
        });
    }

    /** Cancels the stream and stops counting; waits up to 5 s. The channel belongs to its creator. */
    @Override
    public void close() {
        loop.stop(() -> {
            closed = true;
            state = State.CLOSED;
            if (reconnect != null) {
                reconnect.cancel(false);
            }
            endStream("sidecar closing");
            forget();
        });
        loads.untrackAll();
    }

    private void connect() {
        if (closed) {
            return;
        }
        Stream opened = new Stream();
        stream = opened;
        state = State.STREAMING;
        stub.streamLoadStats(StreamLoop.<LoadStatsRequest, LoadStatsResponse>observer(
                requests -> opened.requests = requests,
                response -> onResponse(opened, response),
                error -> onClosed(opened, error)));
        opened.requests.onNext(LoadStatsRequest.newBuilder().setNode(node).build());
    }

    private void onResponse(Stream from, LoadStatsResponse response) {
        if (stream != from || closed) {
            return;
        }
        failures = 0;
        Set<String> requested = new LinkedHashSet<>();
        for (String cluster : response.getClustersList()) {
            if (requested.size() == MAX_CLUSTERS) {
                log.warn("load reporting: the control plane asks about {} clusters; reporting the first {}",
                        response.getClustersCount(), MAX_CLUSTERS);
                break;
            }
            requested.add(cluster);
        }
        clusters = Set.copyOf(requested);
        allClusters = response.getSendAllClusters();
        loads.track(clusters, allClusters);
        askedAt = ticker.nanoTime();
        Set<String> reported = reported();
        lastReport.keySet().retainAll(reported);
        for (String cluster : reported) {
            lastReport.putIfAbsent(cluster, askedAt);
        }
        Duration interval = interval(response);
        if (reporting != null) {
            reporting.cancel(false);
        }
        reporting = loop.scheduleWithFixedDelay(() -> report(from), interval);
        log.debug("load reporting: {} every {} ms", allClusters ? "all clusters" : clusters, interval.toMillis());
    }

    /** The clusters to report: those asked about, or with {@code send_all_clusters} those of the config. */
    private Set<String> reported() {
        return allClusters ? loads.tracked() : clusters;
    }

    private static Duration interval(LoadStatsResponse response) {
        if (!response.hasLoadReportingInterval()) {
            return DEFAULT_INTERVAL;
        }
        com.google.protobuf.Duration wire = response.getLoadReportingInterval();
        Duration interval = Duration.ofSeconds(wire.getSeconds(), wire.getNanos());
        return interval.compareTo(MIN_INTERVAL) < 0 ? MIN_INTERVAL : interval;
    }

    /** One report of every cluster asked about that saw anything since its previous one. */
    private void report(Stream from) {
        if (stream != from || closed || !from.requests.isReady()) {
            return; // not ready: the counts wait for the next interval
        }
        long now = ticker.nanoTime();
        LoadStatsRequest.Builder request = LoadStatsRequest.newBuilder();
        Set<String> reported = reported();
        lastReport.keySet().retainAll(reported);
        for (String cluster : reported) {
            ClusterDelta load = loads.drain(cluster);
            ShadowDelta shadow = shadows.drain(cluster);
            if (load.isEmpty() && shadow.isEmpty()) {
                continue;
            }
            Long previous = lastReport.put(cluster, now);
            Duration interval = Duration.ofNanos(now - (previous == null ? askedAt : previous));
            request.addClusterStats(LoadReportEncoder.encode(load, shadow, interval));
        }
        from.requests.onNext(request.build());
        reports.increment();
    }

    private void onClosed(Stream closedStream, Throwable error) {
        if (stream != closedStream || closed) {
            return;
        }
        endStream(null);
        if (error != null && Status.fromThrowable(error).getCode() == Status.Code.UNIMPLEMENTED) {
            unimplemented = true;
            state = State.UNSUPPORTED;
            forget();
            log.info("the control plane does not serve load reporting (UNIMPLEMENTED): no load reports on this "
                    + "connection");
            return;
        }
        failures++;
        state = State.BACKING_OFF;
        Duration delay = backoff.delay(failures);
        log.warn("load reporting stream {}; re-opening in {} ms",
                error == null ? "closed by the control plane" : "failed (" + error.getMessage() + ")",
                delay.toMillis());
        reconnect = loop.schedule(this::connect, delay);
    }

    /**
     * Forgets the stream (cancelled with {@code reason} unless null: it ended already). What it asked for stays
     * counted: the next stream's first report includes what happened in between.
     */
    private void endStream(String reason) {
        if (reporting != null) {
            reporting.cancel(false);
            reporting = null;
        }
        if (stream != null && reason != null && stream.requests != null) {
            stream.requests.cancel(reason, null);
        }
        stream = null;
    }

    /** Stops counting: no stream will ask for these clusters. */
    private void forget() {
        clusters = Set.of();
        allClusters = false;
        lastReport.clear();
        loads.untrackAll();
    }

    /** One call's request side. */
    private static final class Stream {
        private ClientCallStreamObserver<LoadStatsRequest> requests;
    }

    /** Optional collaborators; the defaults suit production. */
    public static final class Builder {

        private final Channel channel;
        private final Node node;
        private final LoadRecorders loads;
        private final ShadowSource shadows;
        private MeterRegistry meterRegistry = new SimpleMeterRegistry();
        private Backoff backoff = ControlPlaneChannels.RECONNECT_BACKOFF;
        private Ticker ticker = Ticker.system();
        private ScheduledExecutorService scheduler;

        private Builder(Channel channel, Node node, LoadRecorders loads, ShadowSource shadows) {
            this.channel = Objects.requireNonNull(channel, "channel");
            this.node = Objects.requireNonNull(node, "node");
            this.loads = Objects.requireNonNull(loads, "loads");
            this.shadows = Objects.requireNonNull(shadows, "shadows");
        }

        public Builder meterRegistry(MeterRegistry meterRegistry) {
            this.meterRegistry = Objects.requireNonNull(meterRegistry, "meterRegistry");
            return this;
        }

        /** How long to wait before re-opening a failed stream. */
        public Builder backoff(Backoff backoff) {
            this.backoff = Objects.requireNonNull(backoff, "backoff");
            return this;
        }

        /** The monotonic clock of the reports' intervals. */
        public Builder ticker(Ticker ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /** A single-threaded scheduler to run on (the caller keeps ownership); by default the reporter starts its own. */
        public Builder scheduler(ScheduledExecutorService scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        public LoadReporter build() {
            return new LoadReporter(this);
        }
    }
}
