package io.banyan.controlplane;

import io.banyan.adminserver.AdminResource;
import io.banyan.adminserver.RouteTable;
import io.banyan.controlplane.admin.AdminResources;
import io.banyan.controlplane.admin.AdminServer;
import io.banyan.controlplane.admin.DryRuns;
import io.banyan.controlplane.admin.InvalidResourcesResource;
import io.banyan.controlplane.admin.ReadinessResource;
import io.banyan.controlplane.admin.RevertibleResource;
import io.banyan.controlplane.admin.SidecarsResource;
import io.banyan.controlplane.admin.TrustBundleResource;
import io.banyan.controlplane.appconfig.AppConfigBook;
import io.banyan.controlplane.appconfig.ConfigCipher;
import io.banyan.controlplane.appconfig.ConfigKeyFile;
import io.banyan.controlplane.authz.Authorizations;
import io.banyan.controlplane.ca.BundleTrustManager;
import io.banyan.controlplane.ca.CaMetrics;
import io.banyan.controlplane.ca.CertificateService;
import io.banyan.controlplane.ca.LoadedCa;
import io.banyan.controlplane.ca.PeerAuthenticator;
import io.banyan.controlplane.ca.RequireWorkloadIdentity;
import io.banyan.controlplane.ca.ServerTls;
import io.banyan.controlplane.ca.ServingCertificate;
import io.banyan.controlplane.loadstats.LoadStore;
import io.banyan.controlplane.loadstats.LoadWindow;
import io.banyan.controlplane.loadstats.NodeLoads;
import io.banyan.controlplane.migration.MigrationBook;
import io.banyan.controlplane.migration.MigrationController;
import io.banyan.controlplane.migration.MigrationMetrics;
import io.banyan.controlplane.policy.PolicyBook;
import io.banyan.controlplane.registry.HeartbeatExchange;
import io.banyan.controlplane.registry.Registry;
import io.banyan.controlplane.registry.TtlSweeper;
import io.banyan.controlplane.registry.grpc.RegistrationService;
import io.banyan.controlplane.replica.LoadExchange;
import io.banyan.controlplane.replica.ReplicaPresence;
import io.banyan.controlplane.revision.Revisions;
import io.banyan.controlplane.rollout.RolloutDriver;
import io.banyan.controlplane.rollout.Rollouts;
import io.banyan.controlplane.route.RouteBook;
import io.banyan.controlplane.store.Store;
import io.banyan.controlplane.store.StoreMetrics;
import io.banyan.controlplane.store.StoreOptions;
import io.banyan.controlplane.token.JoinTokens;
import io.banyan.controlplane.xds.NodeAdmission;
import io.banyan.controlplane.xds.SidecarDirectory;
import io.banyan.controlplane.xds.SnapshotPublisher;
import io.banyan.controlplane.xds.XdsMetrics;
import io.banyan.controlplane.xds.XdsServer;
import io.banyan.controlplane.xds.XdsServerSettings;
import io.banyan.controlplane.xds.XdsStreamCallbacks;
import io.banyan.controlplane.xds.lrs.LoadReportingService;
import io.banyan.controlplane.xds.snapshot.MigrationClusters;
import io.banyan.controlplane.xds.snapshot.PolicyCheck;
import io.banyan.controlplane.xds.snapshot.ResourceCheck;
import io.banyan.controlplane.xds.snapshot.RouteCheck;
import io.banyan.controlplane.xds.snapshot.SnapshotBuilder;
import io.banyan.controlplane.xds.snapshot.SnapshotGuard;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * A running control plane: the durable store, the registry with its TTL sweeper, the CA, join tokens
 * (pinning the CA), the admin API, and the gRPC endpoint over TLS (ADS, registration, certificate signing, load
 * reporting into the {@link LoadStore}). Only wires; each part lives in its package.
 * {@code start} returns once both servers listen; {@code close} stops them in reverse order.
 */
public final class ControlPlane implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ControlPlane.class);
    /** ADS streams never end by themselves: waiting long for them on shutdown only delays it. */
    private static final Duration XDS_SHUTDOWN_GRACE = Duration.ofMillis(500);
    /** How often the staged rollouts in flight are checked (each decision reads the clock). */
    private static final Duration ROLLOUT_CHECK_INTERVAL = Duration.ofSeconds(1);
    private final Deque<AutoCloseable> parts;
    private final int adminPort;
    private final List<RouteTable.Route> adminRoutes;
    private final int xdsPort;
    private final String caFingerprint;
    private final LoadWindow loads;
    private boolean closed;

    private ControlPlane(Deque<AutoCloseable> parts, AdminServer admin, int xdsPort, String caFingerprint,
                         LoadWindow loads) {
        this.parts = parts;
        this.adminPort = admin.port();
        this.adminRoutes = admin.routes();
        this.xdsPort = xdsPort;
        this.caFingerprint = caFingerprint;
        this.loads = loads;
    }

    public static ControlPlane start(ControlPlaneSettings settings) throws Exception {
        Deque<AutoCloseable> parts = new ArrayDeque<>();
        try {
            Clock clock = Clock.systemUTC();
            PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            parts.push(meters::close);
            StoreOptions storeOptions = StoreOptions.recover(settings.recover());
            Store store = push(parts, settings.storeOnEtcd() ? Store.etcd(settings.etcdStore(), storeOptions)
                    : Store.open(settings.dataDir(), storeOptions));
            StoreMetrics.register(store, meters);
            Revisions revisions = new Revisions(store, clock, meters);
            Registry registry = push(parts, new Registry(store, clock, meters, settings.registryRules(), revisions));
            store.follow(registry);
            store.follow(push(parts, new HeartbeatExchange(registry, store, clock, settings.heartbeatExchange())
                    .start()));
            push(parts, new TtlSweeper(registry, settings.sweepInterval(), store.leadership()).start());
            PolicyBook policies = new PolicyBook(store, clock, revisions);
            RouteBook routes = new RouteBook(store, clock, revisions);
            MigrationBook migrations = new MigrationBook(store, clock, routes, revisions);
            AppConfigBook appConfig = new AppConfigBook(store, clock, revisions, new ConfigCipher(
                    settings.configKeyFile() == null ? ConfigKeyFile.inDataDir(settings.dataDir(), new SecureRandom())
                            : ConfigKeyFile.read(settings.configKeyFile(), "config-key-file"), new SecureRandom()));
            store.follow(policies);
            store.follow(routes);
            store.follow(migrations);
            store.follow(appConfig);
            migrations.addListener(new MigrationMetrics(meters));
            LoadStore loads = LoadStore.forReportInterval(clock, settings.loadReportInterval());
            store.follow(push(parts, new LoadExchange(loads, store, clock, settings.loadReportInterval()).start()));
            MigrationController migrationController = push(parts, new MigrationController(migrations,
                    loads, clock, settings.loadReportInterval(), store.leadership()).start());
            LoadedCa ca = LoadedCa.open(settings.dataDir(), settings.caDir(), settings.extraTrustRoots(),
                    settings.trustDomain(), clock);
            JoinTokens tokens = new JoinTokens(store, clock, new SecureRandom(), ca.rootFingerprint(),
                    java.util.Set.copyOf(ca.bundle().fingerprints()));
            ServingCertificate serving = push(parts, new ServingCertificate(ca.authority(), settings.certTtl(), clock).start());
            CaMetrics caMetrics = new CaMetrics(meters);
            caMetrics.expiry("ca", ca.authority()::certificate);
            caMetrics.expiry("root", ca.authority()::root);
            caMetrics.expiry("serving", serving::current);
            PeerAuthenticator peers = new PeerAuthenticator(ca.bundle(), clock);
            CertificateService certificates = new CertificateService(ca, tokens, peers, settings.certTtl(), caMetrics);

            XdsMetrics xdsMetrics = new XdsMetrics(meters);
            Authorizations authorizations = new Authorizations(store, revisions);
            store.follow(authorizations);
            SidecarDirectory sidecars = new SidecarDirectory(clock);
            SnapshotBuilder snapshots = new SnapshotBuilder(settings.trustDomain());
            ResourceCheck resourceCheck = new ResourceCheck();
            SnapshotPublisher publisher = push(parts, new SnapshotPublisher(snapshots,
                    new SnapshotGuard(resourceCheck), xdsMetrics, settings.xdsDebounce(), clock));
            NodeAdmission admission = push(parts, new NodeAdmission(settings.xdsLimits(), clock, publisher::forget));
            xdsMetrics.trackedNodes(admission);
            registry.addListener(publisher);
            authorizations.addListener(publisher);
            policies.addListener(publisher);
            routes.addListener(publisher);
            migrations.addListener(publisher);
            appConfig.addListener(publisher);
            RegistrationService registration = push(parts,
                    new RegistrationService(registry, peers, meters));
            RequireWorkloadIdentity workloads = new RequireWorkloadIdentity(peers, xdsMetrics.unauthenticated());
            NodeLoads nodeLoads = new NodeLoads(clock, settings.loadReportInterval(), LoadStore.DEFAULT_RETENTION);
            Rollouts rollouts = new Rollouts(publisher, sidecars, nodeLoads, store, clock, meters);
            store.follow(rollouts);
            LoadReportingService loadReporting = new LoadReportingService(loads, nodeLoads,
                    settings.loadReportInterval(),
                    settings.xdsLimits().maxNodes(), settings.xdsLimits().maxStreamsPerIdentity(),
                    (node, cluster) -> MigrationClusters.reportable(node, migrations.snapshot(), cluster), meters);
            XdsServer xds = push(parts, XdsServer.start(
                    new XdsServerSettings(settings.bindAddress(), settings.xdsPort(),
                            ServerTls.credentials(serving.keyManager(), new BundleTrustManager(ca.bundle(), clock)),
                            XDS_SHUTDOWN_GRACE),
                    new XdsStreamCallbacks(publisher, sidecars, admission, xdsMetrics), publisher.cache(), workloads,
                    List.of(registration.bindService(), certificates.bindService(),
                            loadReporting.bindService(workloads))));

            List<AdminResource> resources = new ArrayList<>();
            resources.add(new SidecarsResource(store.replica(), sidecars::sidecars));
            resources.add(new TrustBundleResource(ca.bundle()));
            PolicyCheck policyCheck = new PolicyCheck(snapshots, resourceCheck);
            DryRuns dryRuns = new DryRuns(publisher);
            List<RevertibleResource> writers = new ArrayList<>();
            writers.add(AdminResources.services(registry, dryRuns));
            resources.addAll(AdminResources.instancesAndTokens(registry, tokens));
            writers.add(AdminResources.authorization(authorizations, dryRuns, rollouts));
            writers.add(AdminResources.policies(registry, policies, policyCheck, dryRuns, rollouts));
            writers.addAll(AdminResources.routes(registry, routes, policies,
                    new RouteCheck(snapshots, policyCheck, policies::snapshot, routes::snapshot), dryRuns, rollouts));
            writers.add(AdminResources.migrations(migrations, migrationController, registry, dryRuns));
            writers.add(AdminResources.appConfig(registry, appConfig, dryRuns, rollouts));
            resources.addAll(writers);
            resources.add(new InvalidResourcesResource(publisher::invalidResources, policies::refused));
            resources.add(AdminResources.revisions(revisions, writers, dryRuns, rollouts));
            resources.add(AdminResources.rollouts(rollouts));
            push(parts, new RolloutDriver(rollouts, sidecars, publisher, nodeLoads,
                    AdminResources.reverter(revisions, writers), clock, ROLLOUT_CHECK_INTERVAL, store.leadership(),
                    new ReplicaPresence(store, clock, settings.heartbeatExchange())::gone)
                    .start());
            resources.add(new ReadinessResource(() -> store.available() ? Optional.empty()
                    : Optional.of(settings.storeOnEtcd() ? "store unavailable: " + store.unavailableCause().orElse("closed")
                    : "store unavailable")));
            AdminServer admin = push(parts, new AdminServer(settings.bindAddress(), settings.adminPort(),
                    settings.allAdminTokens(), meters, resources, settings.adminLimits()).start());
            log.info("control plane up: admin API on {}:{}, xDS and CA (TLS) on {}:{}, data in {}, CA root sha256 {}",
                    settings.bindAddress(), admin.port(), settings.bindAddress(), xds.port(), settings.dataDir(),
                    ca.rootFingerprint());
            return new ControlPlane(parts, admin, xds.port(), ca.rootFingerprint(), loads);
        } catch (Exception | Error e) {
            closeAll(parts);
            throw e;
        }
    }

    /** The routes the admin API serves (docs/admin-api.yaml describes them). */
    public List<RouteTable.Route> adminRoutes() {
        return adminRoutes;
    }

    /** The admin API's bound port. */
    public int adminPort() {
        return adminPort;
    }

    /** The gRPC endpoint's bound port (xDS, registration, CA). */
    public int xdsPort() {
        return xdsPort;
    }

    /**
     * The data planes' load reports summed over a window (what the migrations' guard reads); {@code track} chooses the
     * clusters kept and pushes the new set to every load-reporting stream.
     */
    public LoadWindow loads() {
        return loads;
    }

    /** The lower-case hex SHA-256 of the root CA's DER: what join tokens pin. */
    public String caFingerprint() {
        return caFingerprint;
    }

    /** Stops the servers first, then the registry, then closes the store. Idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            closeAll(parts);
        }
    }

    private static <T extends AutoCloseable> T push(Deque<AutoCloseable> parts, T part) {
        parts.push(part);
        return part;
    }

    private static void closeAll(Deque<AutoCloseable> parts) {
        while (!parts.isEmpty()) {
            AutoCloseable part = parts.pop();
            try {
                part.close();
            } catch (Exception e) {
                log.warn("closing {} failed: {}", part.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
