package io.banyan.controlplane.xds;

import io.banyan.controlplane.policy.PolicyListener;
import io.banyan.controlplane.policy.PolicySnapshot;
import io.banyan.controlplane.registry.RegistryListener;
import io.banyan.controlplane.registry.RegistrySnapshot;
import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every connected node's snapshot in the cache in step with the registry. All work runs on one
 * dedicated thread: a node's first request only schedules its build (the cache holds the watch open and
 * answers when the snapshot is set), and each registry change rebuilds every known node. A node's snapshot is
 * forgotten {@code retention} after its last stream closed. Traffic-policy changes rebuild every node too.
 */
public final class SnapshotPublisher implements RegistryListener, PolicyListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SnapshotPublisher.class);
    /** How long a disconnected node's snapshot is kept, so a quick reconnect is answered at once. */
    public static final Duration DEFAULT_RETENTION = Duration.ofMinutes(5);

    private final SnapshotBuilder builder;
    private final XdsMetrics metrics;
    private final Clock clock;
    private final Duration retention;
    private final SimpleCache<String> cache = new SimpleCache<>(node -> node.getId());
    private final ScheduledExecutorService executor;
    /** Touched only on the executor thread. */
    private final Map<String, NodeState> nodes = new HashMap<>();
    private RegistrySnapshot registry = RegistrySnapshot.empty();
    private PolicySnapshot policies = PolicySnapshot.empty();

    /**
     * @param retention how long a node's snapshot is kept after its last stream closed (e.g. 5 minutes)
     */
    public SnapshotPublisher(SnapshotBuilder builder, XdsMetrics metrics, Clock clock, Duration retention) {
        if (retention.isNegative()) {
            throw new IllegalArgumentException("retention: " + retention + " (expected: >= 0)");
        }
        this.builder = builder;
        this.metrics = metrics;
        this.clock = clock;
        this.retention = retention;
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "banyan-xds-publisher");
            thread.setDaemon(true);
            return thread;
        });
        pool.setRemoveOnCancelPolicy(true);
        this.executor = pool;
        long sweepMillis = Math.min(Math.max(retention.toMillis() / 2, 1_000), 60_000);
        executor.scheduleWithFixedDelay(this::evictIdle, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
    }

    /** The cache the discovery server watches (node group = node id). */
    public SimpleCache<String> cache() {
        return cache;
    }

    /** The snapshot the cache holds for a node, if any. */
    public Optional<Snapshot> snapshot(String nodeId) {
        return Optional.ofNullable(cache.getSnapshot(nodeId));
    }

    @Override
    public void onChange(RegistrySnapshot snapshot) {
        run(() -> {
            if (snapshot.revision() < registry.revision()) {
                return;
            }
            registry = snapshot;
            nodes.values().forEach(this::publish);
        });
    }

    @Override
    public void onPolicies(PolicySnapshot snapshot) {
        run(() -> {
            if (snapshot.revision() < policies.revision()) {
                return;
            }
            policies = snapshot;
            nodes.values().forEach(this::publish);
        });
    }

    /** Rebuilds every known node's snapshot (e.g. after an authorization change); nodes whose content is unchanged are not re-sent. */
    public void republish() {
        run(() -> nodes.values().forEach(this::publish));
    }

    /** A stream of this node sent its first request: build its snapshot now (or again, if its metadata changed). */
    void streamOpened(SidecarNode node) {
        run(() -> {
            NodeState state = nodes.computeIfAbsent(node.id(), id -> new NodeState());
            state.node = node;
            state.streams++;
            state.idleSince = null;
            publish(state);
        });
    }

    void streamClosed(String nodeId) {
        run(() -> {
            NodeState state = nodes.get(nodeId);
            if (state != null && --state.streams <= 0) {
                state.streams = 0;
                state.idleSince = clock.instant();
            }
        });
    }

    /** Forgets the snapshots of nodes idle for longer than the retention. Runs on the executor. */
    void evictIdle() {
        Instant now = clock.instant();
        Iterator<Map.Entry<String, NodeState>> it = nodes.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, NodeState> entry = it.next();
            NodeState state = entry.getValue();
            if (state.idleSince != null && !state.idleSince.plus(retention).isAfter(now)
                    && cache.clearSnapshot(entry.getKey())) {
                log.debug("forgot the snapshot of idle xDS node '{}'", entry.getKey());
                it.remove();
            }
        }
    }

    /** Runs {@link #evictIdle()} on the publisher thread; completes when done (tests). */
    Future<?> evictIdleNow() {
        return executor.submit(this::evictIdle);
    }

    /** How many nodes the publisher holds a snapshot for (connected or within retention). */
    Future<Integer> knownNodes() {
        return executor.submit(nodes::size);
    }

    private void run(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            log.debug("xDS publisher closed; dropped an update");
        }
    }

    private void publish(NodeState state) {
        try {
            Snapshot next = builder.build(state.node, registry, policies);
            Snapshot previous = cache.getSnapshot(state.node.id());
            if (previous != null && sameVersions(previous, next)) {
                return;
            }
            cache.setSnapshot(state.node.id(), next);
            metrics.pushed();
        } catch (RuntimeException e) {
            log.error("could not build the xDS snapshot of node '{}'", state.node.id(), e);
        }
    }

    private static boolean sameVersions(Snapshot a, Snapshot b) {
        return a.clusters().version().equals(b.clusters().version())
                && a.endpoints().version().equals(b.endpoints().version())
                && a.listeners().version().equals(b.listeners().version())
                && a.routes().version().equals(b.routes().version());
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    private static final class NodeState {
        SidecarNode node;
        int streams;
        Instant idleSince;
    }
}
