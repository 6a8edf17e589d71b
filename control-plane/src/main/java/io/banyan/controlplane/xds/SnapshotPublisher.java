package io.banyan.controlplane.xds;

import io.banyan.api.xds.ResourceNames;
import io.banyan.controlplane.appconfig.AppConfigListener;
import io.banyan.controlplane.appconfig.AppConfigSnapshot;
import io.banyan.controlplane.authz.AuthorizationListener;
import io.banyan.controlplane.authz.AuthorizationSnapshot;
import io.banyan.controlplane.migration.MigrationListener;
import io.banyan.controlplane.migration.MigrationSnapshot;
import io.banyan.controlplane.policy.PolicyListener;
import io.banyan.controlplane.policy.PolicySnapshot;
import io.banyan.controlplane.registry.RegistryListener;
import io.banyan.controlplane.registry.RegistrySnapshot;
import io.banyan.controlplane.route.RouteListener;
import io.banyan.controlplane.route.RouteSnapshot;
import io.banyan.controlplane.xds.snapshot.ConfigPreview;
import io.banyan.controlplane.xds.snapshot.InvalidResource;
import io.banyan.controlplane.xds.snapshot.MeshConfig;
import io.banyan.controlplane.xds.snapshot.NodeScope;
import io.banyan.controlplane.xds.snapshot.ServiceResources;
import io.banyan.controlplane.xds.snapshot.SidecarNode;
import io.banyan.controlplane.xds.snapshot.SnapshotBuilder;
import io.banyan.controlplane.xds.snapshot.SnapshotGuard;
import io.banyan.controlplane.xds.snapshot.SnapshotPreview;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/**
 * Keeps every admitted node's snapshot in the cache in step with the registry, the traffic policies, the
 * authorization rules, the operator routes, the migrations and the app configuration, each arriving as a revisioned snapshot (an older revision than the one held is ignored). All
 * work runs on one dedicated thread: a node's first request only schedules its build (the cache holds the watch open
 * and answers when the snapshot is set), and each change rebuilds only the nodes it affects ({@link ConfigChange}:
 * those whose {@link NodeScope} holds a changed service, whose own service or gateway changed, or whose scope
 * changed; {@link ScopeIndex}); the others do no work and get no push. Each service's cluster and endpoints are
 * built once per change of their inputs and shared by every node ({@link ServiceResources}). A node's state is
 * released when {@link NodeAdmission} forgets it ({@link #forget}).
 */
public final class SnapshotPublisher implements RegistryListener, PolicyListener, AuthorizationListener,
        RouteListener, MigrationListener, AppConfigListener, ConfigPreview, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SnapshotPublisher.class);
    /** How soon a forgotten node's cache entry is cleared again while its closed stream's watches are still open. */
    private static final Duration CLEAR_RETRY = Duration.ofSeconds(1);

    private final SnapshotBuilder builder;
    private final SnapshotGuard guard;
    private final XdsMetrics metrics;
    private final HeldBack heldBack = new HeldBack();
    private final SimpleCache<String> cache = new SimpleCache<>(node -> node.getId());
    private final ScheduledExecutorService executor;
    /** Touched only on the executor thread. */
    private final Map<String, SidecarNode> nodes = new HashMap<>();
    /** Touched only on the executor thread. */
    private final ScopeIndex scopes = new ScopeIndex();
    /** Touched only on the executor thread. */
    private final ServiceResources shared = ServiceResources.shared();
    private final SnapshotPreview previews;
    /** Written on the publisher's thread. */
    private volatile MeshConfig config = MeshConfig.empty();
    private volatile NodeViews views = NodeViews.CURRENT;
    private final XdsDebounce debounce;
    private final Clock clock;
    /** Guards {@link #pending}, {@link #coalescer} and {@link #flushScheduled}. */
    private final Object pendingLock = new Object();
    /** The newest snapshot of each part not yet taken, by part. */
    private final Map<String, PendingChange> pending = new LinkedHashMap<>();
    private final Coalescer coalescer;
    private boolean flushScheduled;
    /** The newest app configuration received, waiting or taken: what {@link #invalidResources} reports at once. */
    private volatile AppConfigSnapshot newestAppConfigs = AppConfigSnapshot.empty();

    /** A part's newest snapshot waiting to be taken: taken unless older than the one held then. */
    private record PendingChange(long revision, LongSupplier held, Runnable take) {
    }

    /** Publishes each change as soon as its thread is free ({@link XdsDebounce#NONE}). */
    public SnapshotPublisher(SnapshotBuilder builder, SnapshotGuard guard, XdsMetrics metrics) {
        this(builder, guard, metrics, XdsDebounce.NONE, Clock.systemUTC());
    }

    /**
     * @param guard    keeps what the sidecars would refuse out of every node's snapshot, one service at a time
     * @param debounce how a burst of changes is folded into one round
     * @param clock    when changes arrive (the debounce's time)
     */
    public SnapshotPublisher(SnapshotBuilder builder, SnapshotGuard guard, XdsMetrics metrics, XdsDebounce debounce,
                             Clock clock) {
        this.debounce = Objects.requireNonNull(debounce, "debounce");
        this.coalescer = new Coalescer(debounce);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.builder = builder;
        this.guard = guard;
        this.metrics = metrics;
        this.previews = new SnapshotPreview(builder);
        this.executor = SingleThreadScheduler.named("banyan-xds-publisher");
        metrics.invalidResources(heldBack::count);
    }

    /** From now on builds each node from the configuration {@code views} shows it (a staged rollout's overlay). */
    public void useViews(NodeViews views) {
        this.views = Objects.requireNonNull(views, "views");
    }

    /**
     * On the publisher's thread: the known nodes, sorted by id, whose snapshot built from the current configuration
     * differs from the one built from it changed by {@code before} (one object back at its value before a write):
     * the nodes that write alters.
     */
    public CompletableFuture<List<String>> nodesAltered(UnaryOperator<MeshConfig> before) {
        return call(() -> {
            applyPending();
            List<String> altered = new ArrayList<>();
            for (SidecarNode node : new TreeMap<>(nodes).values()) {
                if (!sameVersions(builder.build(node, config), builder.build(node, before.apply(config)))) {
                    altered.add(node.id());
                }
            }
            return List.copyOf(altered);
        });
    }

    /** Rebuilds every known node (its view changed); completes once every one is in the cache. */
    public CompletableFuture<Void> rebuildAll() {
        return call(() -> {
            applyPending();
            publishAll();
            heldBack.settle();
            return null;
        });
    }

    /**
     * What is held back from the published snapshots now, each resource once (however many nodes it concerns), then
     * each app configuration not published because a secret of it does not decrypt.
     */
    public List<InvalidResource> invalidResources() {
        List<InvalidResource> all = new ArrayList<>(heldBack.current());
        newestAppConfigs.unreadable().forEach((service, reason) -> all.add(new InvalidResource(service, "secret",
                ResourceNames.appConfig(service), reason)));
        return List.copyOf(all);
    }

    /** The cache the discovery server watches (node group = node id). */
    public SimpleCache<String> cache() {
        return cache;
    }

    /** The snapshot the cache holds for a node, if any. */
    public Optional<Snapshot> snapshot(String nodeId) {
        return Optional.ofNullable(cache.getSnapshot(nodeId));
    }

    /** The versions, by type URL, of the snapshot the cache holds for a node (empty when none). */
    public Map<String, String> publishedVersions(String nodeId) {
        Snapshot snapshot = cache.getSnapshot(nodeId);
        Map<String, String> versions = new TreeMap<>();
        if (snapshot != null) {
            Resources.V3.TYPE_URLS.forEach(type -> versions.put(type, snapshot.version(type)));
        }
        return versions;
    }

    @Override
    public void onChange(RegistrySnapshot snapshot) {
        offer("registry", snapshot.revision(), () -> config.registry().revision(),
                () -> config = config.with(snapshot));
    }

    @Override
    public void onPolicies(PolicySnapshot snapshot) {
        offer("policies", snapshot.revision(), () -> config.policies().revision(),
                () -> config = config.with(snapshot));
    }

    @Override
    public void onAuthorizations(AuthorizationSnapshot snapshot) {
        offer("authorizations", snapshot.revision(), () -> config.authorizations().revision(),
                () -> config = config.with(snapshot));
    }

    @Override
    public void onRoutes(RouteSnapshot snapshot) {
        offer("routes", snapshot.revision(), () -> config.routes().revision(),
                () -> config = config.with(snapshot));
    }

    @Override
    public void onMigrations(MigrationSnapshot snapshot) {
        offer("migrations", snapshot.revision(), () -> config.migrations().revision(),
                () -> config = config.with(snapshot));
    }

    @Override
    public void onAppConfig(AppConfigSnapshot snapshot) {
        synchronized (pendingLock) {
            if (snapshot.revision() >= newestAppConfigs.revision()) {
                newestAppConfigs = snapshot;
            }
        }
        offer("appConfigs", snapshot.revision(), () -> config.appConfigs().revision(),
                () -> config = config.with(snapshot));
    }

    /**
     * Keeps {@code take} as the newest change of {@code part} (unless a newer revision is already waiting) and makes
     * sure a round publishes it: after {@link XdsDebounce#quiet()} without another change, at the latest
     * {@link XdsDebounce#max()} after the first change of the burst.
     */
    private void offer(String part, long revision, LongSupplier held, Runnable take) {
        Duration wait;
        synchronized (pendingLock) {
            PendingChange kept = pending.get(part);
            if (kept == null || revision >= kept.revision()) {
                pending.put(part, new PendingChange(revision, held, take));
            }
            coalescer.changed(clock.instant());
            if (flushScheduled) {
                return;
            }
            flushScheduled = true;
            wait = coalescer.remaining(clock.instant());
        }
        flushIn(wait);
    }

    private void flushIn(Duration wait) {
        if (!debounce.enabled() || wait.isZero()) {
            run(this::flushWhenDue);
            return;
        }
        try {
            executor.schedule(this::flushWhenDue, wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            log.debug("xDS publisher closed; dropped an update");
        }
    }

    /** On the publisher's thread: publishes the waiting changes if the burst is due, else looks again when it is. */
    private void flushWhenDue() {
        Duration wait;
        synchronized (pendingLock) {
            wait = coalescer.remaining(clock.instant());
            if (wait.isZero()) {
                flushScheduled = false;
            }
        }
        if (wait.isZero()) {
            applyPending();
        } else {
            flushIn(wait);
        }
    }

    /**
     * On the publisher's thread: takes every waiting change (each part's newest, unless older than the one held)
     * and rebuilds the nodes they affect, once (nodes whose content is unchanged are not re-sent). Every task that
     * must see the newest configuration calls it first.
     */
    private void applyPending() {
        List<PendingChange> taken;
        synchronized (pendingLock) {
            taken = new ArrayList<>(pending.values());
            pending.clear();
            coalescer.published();
        }
        if (taken.isEmpty()) {
            return;
        }
        MeshConfig before = config;
        for (PendingChange change : taken) {
            if (change.revision() >= change.held().getAsLong()) {
                change.take().run();
            }
        }
        ConfigChange change = ConfigChange.between(before, config);
        if (change.everything() || serviceLeft(before)) {
            // a service that left has shared resources and last good versions that only a full round forgets
            publishAll();
        } else if (!change.none()) {
            affected(change).forEach(this::publish);
        }
        heldBack.settle();
    }

    /** Whether a service known {@code before} is no longer in the registry. */
    private boolean serviceLeft(MeshConfig before) {
        return !config.registry().services().keySet().containsAll(before.registry().services().keySet());
    }

    /**
     * Publishes every known node; then the guard forgets the last good versions of resources no node has any more,
     * and the shared resources of services no node references are dropped.
     */
    private void publishAll() {
        nodes.values().forEach(this::publish);
        guard.endRound();
        shared.retainOnly(scopes.services());
    }

    /**
     * The nodes {@code change} affects: those whose scope holds a changed service, whose own service or gateway
     * changed, and those whose scope it changed (recomputed when routes or migrations changed, or, for a node of
     * every service, when the registry's set of services did).
     */
    private List<SidecarNode> affected(ConfigChange change) {
        Set<String> ids = new HashSet<>();
        boolean perNode = change.scopes() || change.serviceSet() || !change.ownServices().isEmpty()
                || !change.gateways().isEmpty();
        if (perNode) {
            for (SidecarNode node : nodes.values()) {
                boolean rescope = change.scopes() || (change.serviceSet() && node.receivesEveryService());
                if ((rescope && scopes.put(node.id(), scopeOf(node)))
                        || change.ownServices().contains(node.service())
                        || (node.isGateway() && change.gateways().contains(node.gateway()))) {
                    ids.add(node.id());
                }
            }
        }
        change.services().forEach(service -> ids.addAll(scopes.nodesOf(service)));
        List<SidecarNode> affected = new ArrayList<>(ids.size());
        ids.forEach(id -> affected.add(nodes.get(id)));
        return affected;
    }

    /** The node's scope in the configuration it is shown. */
    private NodeScope scopeOf(SidecarNode node) {
        return NodeScope.of(node, views.viewOf(node, config));
    }

    /** A stream of this node was admitted: build its snapshot now (or again, if its metadata changed). */
    void streamOpened(SidecarNode node) {
        run(() -> {
            applyPending();
            nodes.put(node.id(), node);
            publish(node);
            heldBack.settle();
        });
    }

    /** Releases a node's state: its snapshot and the cache's entry of its node group. */
    public void forget(String nodeId) {
        run(() -> {
            nodes.remove(nodeId);
            scopes.remove(nodeId);
            shared.retainOnly(scopes.services());
            heldBack.forget(nodeId);
            heldBack.settle();
            clear(nodeId);
        });
    }

    /** Clears the cache's group unless the node came back; retried while watches of its closed streams remain. */
    private void clear(String nodeId) {
        if (nodes.containsKey(nodeId) || cache.clearSnapshot(nodeId)) {
            return;
        }
        try {
            executor.schedule(() -> clear(nodeId), CLEAR_RETRY.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            log.debug("xDS publisher closed; node '{}' not cleared", nodeId);
        }
    }

    /**
     * On the publisher's thread, after every change queued before it: what the configuration held now, changed by
     * {@code edit}, would publish to each known node ({@link SnapshotPreview}); nothing is stored, published or
     * counted, and the guard's last good versions are untouched. Builds once per node, as a publishing round does.
     */
    @Override
    public CompletableFuture<SnapshotPreview.Preview> preview(UnaryOperator<MeshConfig> edit) {
        return call(() -> {
            applyPending();
            NodeViews shown = views;
            return previews.preview(nodes.values(), node -> edit.apply(shown.viewOf(node, config)), guard,
                    cache::getSnapshot);
        });
    }

    /** Node groups the cache holds watch state for (tests: every forgotten node's group is gone). */
    int cachedGroups() {
        return cache.groups().size();
    }

    /** How many services' shared resources are kept (tests); completes after every task queued before it. */
    Future<Integer> sharedServices() {
        return executor.submit(() -> {
            applyPending();
            return shared.size();
        });
    }

    /** How many nodes the publisher holds a snapshot for; completes after every task queued before it. */
    Future<Integer> knownNodes() {
        return executor.submit(() -> {
            applyPending();
            return nodes.size();
        });
    }

    private void run(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            log.debug("xDS publisher closed; dropped an update");
        }
    }

    private <T> CompletableFuture<T> call(Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        run(() -> {
            try {
                result.complete(task.call());
            } catch (Exception | Error e) {
                result.completeExceptionally(e);
            }
        });
        if (executor.isShutdown()) {
            result.completeExceptionally(new RejectedExecutionException("xDS publisher closed"));
        }
        return result;
    }

    private void publish(SidecarNode node) {
        try {
            MeshConfig shown = views.viewOf(node, config);
            NodeScope scope = NodeScope.of(node, shown);
            scopes.put(node.id(), scope);
            Snapshot previous = cache.getSnapshot(node.id());
            metrics.built();
            SnapshotGuard.Guarded guarded = guard.guard(node, builder.build(node, shown, shared, scope), previous);
            heldBack.record(node.id(), guarded.invalid());
            Snapshot next = guarded.snapshot();
            if (previous != null && sameVersions(previous, next)) {
                return;
            }
            cache.setSnapshot(node.id(), next);
            metrics.pushed();
        } catch (RuntimeException e) {
            log.error("could not build the xDS snapshot of node '{}'", node.id(), e);
        }
    }

    private static boolean sameVersions(Snapshot a, Snapshot b) {
        return a.clusters().version().equals(b.clusters().version())
                && a.endpoints().version().equals(b.endpoints().version())
                && a.listeners().version().equals(b.listeners().version())
                && a.routes().version().equals(b.routes().version())
                && a.secrets().version().equals(b.secrets().version());
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
