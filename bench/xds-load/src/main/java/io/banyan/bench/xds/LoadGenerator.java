package io.banyan.bench.xds;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.grpc.ManagedChannel;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * The generator's phases, each measured: registrations over the admin API, join tokens and certificates, a cold
 * start (every node connecting at once until each has ACKed its whole config), then heartbeats and churn for the
 * duration; writes one JSON document (rendered by {@code bench/controlplane}).
 */
public final class LoadGenerator {

    /** The fewest connections heartbeats get (more when {@code --connections} says so). */
    static final int HEARTBEAT_CONNECTIONS = 48;

    private static final int CERTIFICATES_IN_FLIGHT = 16;
    private static final long CHANGE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final LoadSettings settings;
    private final long origin = System.nanoTime();
    private final LongSupplier clock = () -> System.nanoTime() - origin;
    private final ProcessMeter controlPlane;
    private final ProcessMeter self = ProcessMeter.self();
    private final Map<String, Object> report = new LinkedHashMap<>();

    public LoadGenerator(LoadSettings settings) {
        this.settings = settings;
        this.controlPlane = settings.controlPlanePid() > 0 ? new ProcessMeter(settings.controlPlanePid()) : null;
    }

    public static void main(String[] args) throws Exception {
        LoadSettings settings;
        try {
            settings = LoadSettings.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("xds-load: " + e.getMessage());
            System.exit(2);
            return;
        }
        int status = new LoadGenerator(settings).run();
        System.exit(status);
    }

    int run() throws Exception {
        Topology topology = Topology.generate(settings.nodes(), settings.services(),
                settings.instancesPerService(), settings.seed());
        report.put("schema", 1);
        report.put("settings", settingsJson());
        report.put("topology", topologyJson(topology));
        ExecutorService http = Executors.newFixedThreadPool(2, daemon("admin-http"));
        AdminClient admin = new AdminClient(settings.host(), settings.adminPort(), settings.adminToken(),
                settings.connections(), http);
        // heartbeats and churn over connections of their own: registrations/s is measured on its C connections alone,
        // and a change's write does not queue behind heartbeats
        // a heartbeat waits for one of its connections: 3,000/s at ~10 ms each takes at least 30 in flight
        AdminClient heartbeatAdmin = new AdminClient(settings.host(), settings.adminPort(), settings.adminToken(),
                Math.max(settings.connections(), HEARTBEAT_CONNECTIONS), http);
        AdminClient churnAdmin = new AdminClient(settings.host(), settings.adminPort(), settings.adminToken(), 2, http);
        InstanceBook book = new InstanceBook(topology);
        int status = 0;
        try (NodeIdentities identities = new NodeIdentities(settings.host(), settings.xdsPort(),
                Runtime.getRuntime().availableProcessors())) {
            // heartbeats run from the first registration on: registering takes longer than a TTL at scale
            try (Heartbeater heartbeats = new Heartbeater(book, heartbeatAdmin, settings.heartbeatsPerSecond()).start()) {
                register(book, admin);
                List<ManagedChannel> channels = certificates(topology, admin, identities);
                List<NodeState> states = new ArrayList<>();
                topology.nodes().forEach(spec -> states.add(new NodeState(spec)));
                ConvergenceTracker tracker = new ConvergenceTracker(states, book::release);
                AdsSession.Traffic traffic = new AdsSession.Traffic();
                List<AdsSession> sessions = new ArrayList<>();
                try {
                    coldStart(topology, states, channels, tracker, traffic, sessions);
                    churn(topology, book, churnAdmin, tracker, traffic, heartbeats, sessions);
                } finally {
                    sessions.forEach(AdsSession::stop);
                }
            }
        } catch (Exception e) {
            report.put("error", String.valueOf(e));
            System.err.println("xds-load: " + e);
            status = 1;
        } finally {
            report.put("control_plane", controlPlaneJson());
            report.put("generator", Map.of("peak_rss_mb", round(self.peakRssMb(), 1),
                    "cpu_s_total", round(self.cpuSeconds(), 2)));
            write();
            http.shutdownNow();
        }
        return status;
    }

    private void register(InstanceBook book, AdminClient admin) {
        log("registering " + book.all().size() + " instances over " + settings.connections() + " connections");
        Latencies latencies = new Latencies();
        long start = clock.getAsLong();
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        AtomicReference<String> error = new AtomicReference<>();
        for (InstanceBook.Entry entry : book.all()) {
            long sent = clock.getAsLong();
            writes.add(admin.register(entry.service(), entry.address(), 1, settings.ttl().toSeconds())
                    .handle((id, failure) -> {
                        if (failure != null) {
                            error.compareAndSet(null, failure.getMessage());
                        } else {
                            entry.registered(id, 1);
                            latencies.recordNanos(clock.getAsLong() - sent);
                        }
                        return null;
                    }));
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
        double seconds = (clock.getAsLong() - start) / 1e9;
        Latencies.Summary summary = latencies.summarize();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("instances", book.all().size());
        json.put("connections", settings.connections());
        json.put("seconds", round(seconds, 3));
        json.put("per_second", round(summary.count() / seconds, 1));
        json.put("latency_ms", latencyJson(summary));
        json.put("errors", book.all().size() - summary.count());
        json.put("first_error", error.get());
        report.put("registration", json);
        log("registration: " + json);
        if (error.get() != null && summary.count() == 0) {
            throw new IllegalStateException("no registration succeeded: " + error.get());
        }
    }

    private List<ManagedChannel> certificates(Topology topology, AdminClient admin, NodeIdentities identities) {
        long start = clock.getAsLong();
        Map<String, String> tokens = new HashMap<>();
        for (Topology.NodeSpec spec : topology.nodes()) {
            tokens.computeIfAbsent(spec.service(), service -> admin.joinToken(service).join());
        }
        double tokenSeconds = (clock.getAsLong() - start) / 1e9;
        log("certificates for " + topology.nodes().size() + " nodes (" + tokens.size() + " join tokens)");
        long certificatesStart = clock.getAsLong();
        double cpuBefore = cpu(controlPlane);
        Semaphore inFlight = new Semaphore(CERTIFICATES_IN_FLIGHT);
        List<CompletableFuture<ManagedChannel>> channels = new ArrayList<>();
        for (Topology.NodeSpec spec : topology.nodes()) {
            inFlight.acquireUninterruptibly();
            channels.add(identities.obtain(spec.service(), tokens.get(spec.service()))
                    .whenComplete((channel, failure) -> inFlight.release()));
        }
        List<ManagedChannel> ready = channels.stream().map(CompletableFuture::join).toList();
        double seconds = (clock.getAsLong() - certificatesStart) / 1e9;
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("join_tokens", tokens.size());
        json.put("join_tokens_seconds", round(tokenSeconds, 3));
        json.put("certificates", ready.size());
        json.put("certificates_in_flight", CERTIFICATES_IN_FLIGHT);
        json.put("seconds", round(seconds, 3));
        json.put("per_second", round(ready.size() / seconds, 1));
        json.put("control_plane_cpu_s", round(cpu(controlPlane) - cpuBefore, 2));
        report.put("certificates", json);
        log("certificates: " + json);
        return ready;
    }

    /** Opens every node's stream at once (into {@code sessions}) and waits until each has ACKed a whole config. */
    private void coldStart(Topology topology, List<NodeState> states, List<ManagedChannel> channels,
                           ConvergenceTracker tracker, AdsSession.Traffic traffic, List<AdsSession> sessions)
            throws InterruptedException {
        int n = topology.nodes().size();
        log("cold start: " + n + " " + settings.protocol().wireName() + " ADS streams at once");
        CountDownLatch complete = new CountDownLatch(n);
        AtomicBoolean[] done = new AtomicBoolean[n];
        Arrays.setAll(done, i -> new AtomicBoolean());
        Latencies perNode = new Latencies();
        AtomicReference<String> failure = new AtomicReference<>();
        long start = clock.getAsLong();
        AdsSession.Listener listener = new AdsSession.Listener() {
            @Override
            public void applied(AdsSession session, long ackNanos) {
                int index = session.state().spec().index();
                tracker.applied(index, ackNanos);
                if (!done[index].get() && session.state().complete() && done[index].compareAndSet(false, true)) {
                    perNode.recordNanos(ackNanos - start);
                    complete.countDown();
                }
            }

            @Override
            public void failed(AdsSession session, Throwable cause) {
                if (failure.compareAndSet(null, session.state().spec().service() + ": " + cause)) {
                    log("first stream failure: " + failure.get());
                }
            }
        };
        double cpuBefore = cpu(controlPlane);
        double selfBefore = self.cpuSeconds();
        for (int i = 0; i < n; i++) {
            sessions.add(AdsSession.of(settings.protocol(), GeneratedNodes.of(topology.nodes().get(i)),
                    states.get(i), listener, traffic, clock));
        }
        for (int i = 0; i < n; i++) {
            sessions.get(i).start(channels.get(i));
        }
        long timeoutSeconds = settings.coldStartTimeout().toSeconds();
        boolean all = complete.await(timeoutSeconds, TimeUnit.SECONDS);
        double seconds = (clock.getAsLong() - start) / 1e9;
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("nodes", n);
        json.put("all_acked", all);
        json.put("incomplete_nodes", complete.getCount());
        json.put("seconds", round(seconds, 3));
        json.put("per_node_ms", latencyJson(perNode.summarize()));
        json.put("responses", traffic.responses());
        json.put("bytes", traffic.bytes());
        json.put("control_plane_cpu_s", round(cpu(controlPlane) - cpuBefore, 2));
        json.put("generator_cpu_s", round(self.cpuSeconds() - selfBefore, 2));
        json.put("resources_per_node", resourcesJson(states));
        json.put("first_stream_failure", failure.get());
        report.put("cold_start", json);
        log("cold start: " + json);
        if (!all) {
            throw new IllegalStateException(complete.getCount() + " nodes had not ACKed a whole config after "
                    + timeoutSeconds + " s");
        }
    }

    private void churn(Topology topology, InstanceBook book, AdminClient admin, ConvergenceTracker tracker,
                       AdsSession.Traffic traffic, Heartbeater heartbeats, List<AdsSession> sessions)
            throws InterruptedException {
        Duration duration = settings.duration();
        log("churn: " + settings.changesPerSecond() + " changes/s for " + duration.toSeconds() + " s, heartbeats "
                + round(settings.heartbeatsPerSecond(), 0) + "/s");
        ChurnDriver driver = new ChurnDriver(topology, book, admin, tracker, clock, settings.ttl().toSeconds(),
                settings.seed() + 1);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(daemon("churn"));
        long responsesBefore = traffic.responses();
        long bytesBefore = traffic.bytes();
        long heartbeatsBefore = heartbeats.sent();
        long heartbeatFailuresBefore = heartbeats.failed();
        double cpuBefore = cpu(controlPlane);
        double selfBefore = self.cpuSeconds();
        long start = clock.getAsLong();
        if (settings.changesPerSecond() > 0) {
            long period = (long) (TimeUnit.SECONDS.toNanos(1) / settings.changesPerSecond());
            scheduler.scheduleAtFixedRate(driver::tick, 0, period, TimeUnit.NANOSECONDS);
        }
        scheduler.scheduleAtFixedRate(() -> tracker.expire(clock.getAsLong(), CHANGE_TIMEOUT_NANOS),
                1, 1, TimeUnit.SECONDS);
        TimeUnit.NANOSECONDS.sleep(duration.toNanos());
        double churnSeconds = (clock.getAsLong() - start) / 1e9;
        double cpu = cpu(controlPlane) - cpuBefore;
        double selfCpu = self.cpuSeconds() - selfBefore;
        long heartbeatsSent = heartbeats.sent() - heartbeatsBefore;
        scheduler.shutdownNow();
        // the last changes get their time to arrive; then what is still pending is expired
        long drainUntil = clock.getAsLong() + CHANGE_TIMEOUT_NANOS;
        while (tracker.pendingCount() > 0 && clock.getAsLong() < drainUntil) {
            TimeUnit.MILLISECONDS.sleep(100);
            tracker.expire(clock.getAsLong(), CHANGE_TIMEOUT_NANOS);
        }
        tracker.expire(Long.MAX_VALUE, 0);
        ConvergenceTracker.Result result = tracker.result();
        long responses = traffic.responses() - responsesBefore;
        long bytes = traffic.bytes() - bytesBefore;
        long changes = Math.max(1, driver.sent());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("seconds", round(churnSeconds, 3));
        json.put("changes_sent", driver.sent());
        json.put("changes_per_second", round(driver.sent() / churnSeconds, 2));
        json.put("completed", result.completed());
        json.put("expired", result.expired());
        json.put("expired_nodes_waiting", result.expiredWaiting());
        json.put("write_errors", result.failed());
        json.put("last_write_error", driver.lastError());
        json.put("skipped_busy", driver.skipped());
        json.put("latency_ms", latencyJson(result.latency()));
        json.put("affected_nodes_per_change", round(result.affectedPerChange(), 1));
        json.put("responses", responses);
        json.put("responses_per_change", round(responses / (double) changes, 1));
        json.put("bytes", bytes);
        json.put("bytes_per_change", bytes / changes);
        json.put("control_plane_cpu_s", round(cpu, 2));
        json.put("control_plane_cpu_percent", round(100 * cpu / churnSeconds, 1));
        json.put("generator_cpu_percent", round(100 * selfCpu / churnSeconds, 1));
        json.put("heartbeats_sent", heartbeatsSent);
        json.put("heartbeats_per_second", round(heartbeatsSent / churnSeconds, 1));
        json.put("heartbeats_target_per_second", round(settings.heartbeatsPerSecond(), 1));
        json.put("heartbeat_errors", heartbeats.failed() - heartbeatFailuresBefore);
        json.put("streams_failed", sessions.stream().filter(AdsSession::failed).count());
        report.put("churn", json);
        log("churn: " + json);
    }

    private Map<String, Object> controlPlaneJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        if (controlPlane == null) {
            json.put("measured", false);
            return json;
        }
        json.put("pid", controlPlane.pid());
        json.put("rss_mb", round(controlPlane.rssMb(), 1));
        json.put("peak_rss_mb", round(controlPlane.peakRssMb(), 1));
        json.put("cpu_s_total", round(controlPlane.cpuSeconds(), 2));
        controlPlane.heapAfterGcMb().ifPresent(heap -> json.put("heap_after_gc_mb", round(heap, 1)));
        return json;
    }

    private Map<String, Object> settingsJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("nodes", settings.nodes());
        json.put("services", settings.services());
        json.put("instances_per_service", settings.instancesPerService());
        json.put("changes_per_second", settings.changesPerSecond());
        json.put("duration_s", settings.duration().toSeconds());
        json.put("protocol", settings.protocol().wireName());
        json.put("connections", settings.connections());
        json.put("ttl_s", settings.ttl().toSeconds());
        json.put("seed", settings.seed());
        return json;
    }

    private static Map<String, Object> topologyJson(Topology topology) {
        int[] declarations = topology.declarations();
        int[] sorted = declarations.clone();
        Arrays.sort(sorted);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("instances", topology.addresses().stream().mapToInt(List::size).sum());
        json.put("upstreams_per_node", round(topology.nodes().stream().mapToInt(n -> n.upstreams().size())
                .average().orElse(0), 2));
        json.put("most_declared_service_nodes", sorted.length == 0 ? 0 : sorted[sorted.length - 1]);
        json.put("median_declared_service_nodes", sorted.length == 0 ? 0 : sorted[sorted.length / 2]);
        json.put("services_declared_by_none", Arrays.stream(declarations).filter(count -> count == 0).count());
        return json;
    }

    private static Map<String, Object> resourcesJson(List<NodeState> states) {
        Map<String, Object> json = new LinkedHashMap<>();
        for (io.banyan.dataplane.xds.XdsType type : io.banyan.dataplane.xds.XdsType.values()) {
            json.put(type.shortName(), round(states.stream().mapToInt(state -> state.count(type)).average()
                    .orElse(0), 1));
        }
        return json;
    }

    private static Map<String, Object> latencyJson(Latencies.Summary summary) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("count", summary.count());
        json.put("p50", round(summary.p50Ms(), 1));
        json.put("p90", round(summary.p90Ms(), 1));
        json.put("p99", round(summary.p99Ms(), 1));
        json.put("max", round(summary.maxMs(), 1));
        return json;
    }

    private void write() throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Files.write(settings.output(), json.writeValueAsBytes(report));
        log("wrote " + settings.output());
    }

    private static double cpu(ProcessMeter meter) {
        return meter == null ? 0 : meter.cpuSeconds();
    }

    static double round(double value, int digits) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return -1;
        }
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    private static void log(String message) {
        System.err.println("[xds-load] " + message);
    }
}
