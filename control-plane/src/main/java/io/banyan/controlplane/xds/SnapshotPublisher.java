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
import io.banyan.controlplane.xds.snapshot.InvalidResource;
import io.banyan.controlplane.xds.snapshot.SidecarNode;
import io.banyan.controlplane.xds.snapshot.SnapshotBuilder;
import io.banyan.controlplane.xds.snapshot.SnapshotGuard;
import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Keeps every admitted node's snapshot in the cache in step with the registry, the traffic policies, the
 * authorization rules, the operator routes, the migrations and the app configuration, each arriving as a revisioned snapshot (an older revision than the one held is ignored). All
 * work runs on one dedicated thread: a node's first request only schedules its build (the cache holds the watch open
 * and answers when the snapshot is set), and each change rebuilds every known node. A node's state is released when
 * {@link NodeAdmission} forgets it ({@link #forget}).
 */
public final class SnapshotPublisher implements RegistryListener, PolicyListener, AuthorizationListener,
        RouteListener, MigrationListener, AppConfigListener, AutoCloseable {

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
    private RegistrySnapshot registry = RegistrySnapshot.empty();
    private PolicySnapshot policies = PolicySnapshot.empty();
    private AuthorizationSnapshot authorizations = AuthorizationSnapshot.empty();
    private RouteSnapshot routes = RouteSnapshot.empty();
    private MigrationSnapshot migrations = MigrationSnapshot.empty();
    /** Written on the publisher's thread, read by {@link #invalidResources}. */
    private volatile AppConfigSnapshot appConfig = AppConfigSnapshot.empty();

    /** @param guard keeps what the sidecars would refuse out of every node's snapshot, one service at a time */
    public SnapshotPublisher(SnapshotBuilder builder, SnapshotGuard guard, XdsMetrics metrics) {
        this.builder = builder;
        this.guard = guard;
        this.metrics = metrics;
        this.executor = SingleThreadScheduler.named("banyan-xds-publisher");
        metrics.invalidResources(heldBack::count);
    }

    /**
     * What is held back from the published snapshots now, each resource once (however many nodes it concerns), then
     * each app configuration not published because a secret of it does not decrypt.
     */
    public List<InvalidResource> invalidResources() {
        List<InvalidResource> all = new ArrayList<>(heldBack.current());
        appConfig.unreadable().forEach((service, reason) -> all.add(new InvalidResource(service, "secret",
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

    @Override
    public void onChange(RegistrySnapshot snapshot) {
        rebuildAllIfNewer(snapshot.revision(), () -> registry.revision(), () -> registry = snapshot);
    }

    @Override
    public void onPolicies(PolicySnapshot snapshot) {
        rebuildAllIfNewer(snapshot.revision(), () -> policies.revision(), () -> policies = snapshot);
    }

    @Override
    public void onAuthorizations(AuthorizationSnapshot snapshot) {
        rebuildAllIfNewer(snapshot.revision(), () -> authorizations.revision(), () -> authorizations = snapshot);
    }

    @Override
    public void onRoutes(RouteSnapshot snapshot) {
        rebuildAllIfNewer(snapshot.revision(), () -> routes.revision(), () -> routes = snapshot);
    }

    @Override
    public void onMigrations(MigrationSnapshot snapshot) {
        rebuildAllIfNewer(snapshot.revision(), () -> migrations.revision(), () -> migrations = snapshot);
    }

    @Override
    public void onAppConfig(AppConfigSnapshot snapshot) {
        rebuildAllIfNewer(snapshot.revision(), () -> appConfig.revision(), () -> appConfig = snapshot);
    }

    /**
     * On the publisher's thread: unless {@code revision} is older than the one held, takes the new snapshot and
     * rebuilds every known node (nodes whose content is unchanged are not re-sent); then the guard forgets the last
     * good versions of resources no node has any more.
     */
    private void rebuildAllIfNewer(long revision, LongSupplier held, Runnable take) {
        run(() -> {
            if (revision < held.getAsLong()) {
                return;
            }
            take.run();
            nodes.values().forEach(this::publish);
            guard.endRound();
            heldBack.settle();
        });
    }

    /** A stream of this node was admitted: build its snapshot now (or again, if its metadata changed). */
    void streamOpened(SidecarNode node) {
        run(() -> {
            nodes.put(node.id(), node);
            publish(node);
            heldBack.settle();
        });
    }

    /** Releases a node's state: its snapshot and the cache's entry of its node group. */
    public void forget(String nodeId) {
        run(() -> {
            nodes.remove(nodeId);
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

    /** Node groups the cache holds watch state for (tests: every forgotten node's group is gone). */
    int cachedGroups() {
        return cache.groups().size();
    }

    /** How many nodes the publisher holds a snapshot for; completes after every task queued before it. */
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

    private void publish(SidecarNode node) {
        try {
            Snapshot previous = cache.getSnapshot(node.id());
            SnapshotGuard.Guarded guarded = guard.guard(node,
                    builder.build(node, registry, policies, authorizations, routes, migrations, appConfig), previous);
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
