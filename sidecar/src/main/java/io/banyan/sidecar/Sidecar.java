package io.banyan.sidecar;

import io.banyan.api.xds.NodeMetadata;
import io.banyan.dataplane.config.AppProtocol;
import io.banyan.dataplane.config.MeshConfig;
import io.banyan.primitives.time.Durations;
import io.banyan.sidecar.accesslog.AccessLog;
import io.banyan.sidecar.admin.AdminAccess;
import io.banyan.sidecar.admin.AdminServer;
import io.banyan.sidecar.admin.AdminSources;
import io.banyan.sidecar.admin.ProbeServer;
import io.banyan.sidecar.admin.Readiness;
import io.banyan.sidecar.appconfig.AppConfigFile;
import io.banyan.sidecar.appconfig.ConfigWatch;
import io.banyan.sidecar.datadir.DataDir;
import io.banyan.sidecar.datadir.Manifest;
import io.banyan.sidecar.diagnose.Declared;
import io.banyan.sidecar.diagnose.Diagnosis;
import io.banyan.sidecar.diagnose.RecentFailures;
import io.banyan.sidecar.health.AppHealthChecker;
import io.banyan.sidecar.health.GrpcHealthProbe;
import io.banyan.sidecar.health.HealthCheckConfig;
import io.banyan.sidecar.health.HttpHealthProbe;
import io.banyan.sidecar.listener.DataPlane;
import io.banyan.sidecar.listener.EventLoops;
import io.banyan.sidecar.loadstats.LoadRecorders;
import io.banyan.sidecar.observe.ExchangeObserver;
import io.banyan.sidecar.registration.RegistrationAgent;
import io.banyan.sidecar.tcp.TcpConnectProbe;
import io.banyan.sidecar.tls.EdgeTls;
import io.banyan.sidecar.trace.TracedProcess;
import io.banyan.sidecar.trace.Tracing;
import io.banyan.sidecar.tls.JwksTrust;
import io.banyan.sidecar.tls.MeshIdentity;
import io.banyan.sidecar.tls.SavedIdentities;
import io.banyan.sidecar.tls.SslContexts;
import io.banyan.sidecar.tls.TaskScheduler;
import io.banyan.sidecar.tls.WorkloadIdentity;
import io.banyan.sidecar.xds.AdsClient;
import io.banyan.sidecar.xds.CertificateBoundChannel;
import io.banyan.sidecar.xds.ControlPlaneChannels;
import io.banyan.sidecar.xds.ControlPlaneEndpoints;
import io.banyan.sidecar.xds.NodeFactory;
import io.banyan.sidecar.xds.XdsStatus;
import io.banyan.sidecar.xds.lrs.LoadReporter;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;
import javax.net.ssl.SSLContext;

/**
 * A running sidecar: xDS client, data plane listeners, registration agent and admin endpoints. Only
 * wires; each part lives in its package. {@code start} returns once the admin endpoint listens;
 * {@link #ready()} completes when the first configuration is applied and every listener is bound.
 *
 * <p>Life of a start: the workload key is generated and its CSR signed by the control plane's CA (the
 * join token authenticates the first request and pins the CA), the ADS client connects with this
 * sidecar's node (its ports in the metadata),
 * the control plane answers with its listeners, routes, clusters and endpoints, the data plane binds
 * the listeners; once bound, the registration agent registers the instance while the app is healthy. The load
 * reporter (LRS) opens its stream on the same channel with the same node, and reports the clusters the control plane
 * asks about.
 *
 * <p>An edge gateway ({@link SidecarSettings#gateway()}) is the same machinery without an app: no inbound listener,
 * no health checks, no registration; its node says where it listens, the data plane is built for the edge
 * ({@code DataPlane.Builder.edge}: TLS by SNI from the certificate files, re-read on a schedule, and the clients'
 * forwarding headers untrusted).
 */
public final class Sidecar implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Sidecar.class);

    private final SidecarSettings settings;
    private final int inboundPort;
    private final int outboundPort;
    private final Map<String, Integer> upstreamPorts;
    private final PrometheusMeterRegistry meters;
    private final MeshIdentity identity;
    private final EventLoops loops;
    private final AccessLog accessLog;
    private final Tracing tracing;
    private final DataPlane dataPlane;
    private final DataDir dataDir;
    private final Optional<WorkloadIdentity> savedIdentity;
    private final ControlPlaneEndpoints endpoints;
    private final ControlPlaneChannels channels;
    private final CertificateBoundChannel controlPlane;
    private final AdsClient ads;
    private final LoadReporter loadReporter;
    private final ScheduledExecutorService healthScheduler;
    private final ScheduledExecutorService certificateReloads;
    private final AppHealthChecker health;
    private final RegistrationAgent registration;
    private final AdminServer admin;
    /** {@code --metrics-port}'s server, null without one. */
    private final ProbeServer probes;
    private final ConfigWatch appConfig;
    private final ExecutorService appConfigWriter;
    private final ScheduledExecutorService drainScheduler;
    private final DrainSequence drain;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private Sidecar(SidecarSettings settings) throws InterruptedException {
        this.settings = settings;
        this.meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        GatewaySettings gateway = settings.gateway();
        // the edge certificates first: a bad file fails the start before any thread or socket exists
        EdgeTls edgeTls = gateway == null || !gateway.tls() ? null
                : EdgeTls.load(gateway.certificates(), new SslContexts(SslContexts.defaultProvider()), meters);
        SSLContext jwksTrust = gateway == null ? null : JwksTrust.of(gateway.jwksCaFile());
        this.identity = new MeshIdentity(settings.service(), settings.trustDomain(), settings.token(), meters,
                Clock.systemUTC());
        this.dataDir = openDataDir(settings.dataDir(), Manifest.of(settings.service(), settings.trustDomain(),
                identity.caFingerprint()));
        this.savedIdentity = dataDir == null ? Optional.empty() : dataDir.identity().flatMap(saved ->
                SavedIdentities.restore(saved, identity.id(), Clock.systemUTC().instant(), dataDir.path()));
        if (dataDir != null) {
            identity.addListener(issued -> dataDir.saveIdentity(SavedIdentities.of(issued)));
        }
        this.loops = EventLoops.create(Math.max(1, Runtime.getRuntime().availableProcessors()));
        LoadRecorders loads = new LoadRecorders();
        this.accessLog = AccessLog.open(settings.accessLog(), meters);
        this.tracing = Tracing.start(settings.tracing(), new TracedProcess(settings.service(),
                UUID.randomUUID().toString(), settings.zone(), settings.version(), gateway != null), meters);
        RecentFailures failures = new RecentFailures();
        DataPlane.Builder data = DataPlane.builder(loops, meters)
                .loads(loads)
                .observer(ExchangeObserver.of(List.of(accessLog.observer(), tracing.observer(), failures)))
                .upstreamTls(identity.tls())
                .inboundTls(identity.tls())
                .limits(settings.limits())
                .localZone(settings.zone());
        this.dataPlane = (gateway == null ? data
                : data.edge(edgeTls).jwksTrust(jwksTrust)).build();
        // the node tells the control plane our ports: a port 0 is bound now, and its listener takes the socket over
        this.inboundPort = settings.hasApp()
                ? listenPort(settings.inboundPort(), NodeMetadata.DEFAULT_INBOUND_ADDRESS) : 0;
        this.outboundPort = gateway != null ? listenPort(gateway.listenPort(), gateway.listenAddress())
                : listenPort(settings.outboundPort(), NodeMetadata.DEFAULT_OUTBOUND_ADDRESS);
        this.upstreamPorts = upstreamPorts(settings.upstreams());
        this.endpoints = ControlPlaneEndpoints.of(settings.controlPlanes(), RandomGenerator.getDefault());
        this.channels = new ControlPlaneChannels(endpoints, identity.channelCredentials(), loops.group(),
                loops.socketChannelType(), ControlPlaneChannels.RECONNECT_BACKOFF);
        // ADS and registration need a connection that presented the current workload certificate.
        this.controlPlane = new CertificateBoundChannel(channels);
        identity.addListener(renewed -> controlPlane.renew());
        NodeFactory nodes = new NodeFactory(settings.instance());
        Node node = gateway != null ? nodes.gateway(gateway.listenAddress(), outboundPort)
                : nodes.create(inboundPort, outboundPort, upstreamPorts, settings.sharedUpstreams(),
                        settings.allUpstreams());
        this.appConfig = new ConfigWatch(ConfigWatch.DEFAULT_MAX_WAITERS);
        if (settings.appConfigFile() != null) {
            this.appConfigWriter = Executors.newSingleThreadExecutor(daemon("banyan-app-config-file"));
            AppConfigFile file = new AppConfigFile(settings.appConfigFile());
            appConfig.addListener(config -> appConfigWriter.execute(() -> file.accept(config)));
        } else {
            this.appConfigWriter = null;
        }
        AdsClient.Builder adsBuilder = AdsClient.builder(controlPlane, node, dataPlane).meterRegistry(meters)
                .protocol(settings.xdsProtocol()).controlPlanes(endpoints);
        if (dataDir != null) {
            // a saved configuration serves only with a saved identity to serve it with
            adsBuilder.dataDir(dataDir, savedIdentity.isPresent() ? dataDir.resources() : Map.of());
        }
        this.ads = (gateway == null ? adsBuilder.appConfig(settings.service(), appConfig::update) : adsBuilder)
                .build();
        controlPlane.onReconnected(ads::retryNow);
        this.loadReporter = LoadReporter.builder(controlPlane, node, loads, dataPlane.shadows())
                .meterRegistry(meters)
                .build();
        controlPlane.onReconnected(loadReporter::retryNow);
        if (settings.hasApp()) {
            this.healthScheduler = Executors.newSingleThreadScheduledExecutor(daemon("banyan-app-health"));
            HealthCheckConfig check = HealthCheckConfig.forLocalApp(settings.appPort(), settings.appHealthPath());
            this.health = appHealth(settings.appProtocol(), check, healthScheduler, loops);
            this.registration = new RegistrationAgent(controlPlane, settings.instance(), inboundPort, health, meters);
            controlPlane.onReconnected(registration::retryNow);
        } else {
            this.healthScheduler = null;
            this.health = null;
            this.registration = null;
        }
        this.certificateReloads = edgeTls == null ? null : reloadOnChange(edgeTls, gateway.certificateReload());
        this.drainScheduler = Executors.newSingleThreadScheduledExecutor(daemon("banyan-drain"));
        RegistrationAgent leaving = registration; // a gateway has no registration to leave
        this.drain = new DrainSequence(who(), settings.drainDelay(), TaskScheduler.of(drainScheduler),
                leaving == null ? () -> { } : leaving::close, dataPlane::drain);
        Readiness readiness = Readiness.of(() -> identity.current().isPresent(),
                        "waiting for the workload certificate from the control plane")
                .and(Readiness.of(this::configApplied, "waiting for the first configuration from the control plane"))
                .and(Readiness.of(() -> !drain.started(), "draining"))
                .withNote(this::staleNote);
        Diagnosis diagnosis = new Diagnosis(this::currentConfig,
                new Diagnosis.Live(dataPlane::clusterStatus, dataPlane::boundListeners), ads::status,
                new Declared(upstreamPorts, settings.sharedUpstreams(), settings.allUpstreams(), gateway != null),
                failures, meters, Clock.systemUTC());
        AdminSources sources = new AdminSources(readiness, meters, this::currentConfig, ads::status,
                registration == null ? null : registration::state, dataPlane::clusterStatus,
                dataPlane.shadows()::view, drain::start, appConfig, diagnosis);
        this.admin = new AdminServer("127.0.0.1", settings.adminPort(), sources,
                new AdminAccess(Set.of(settings.advertiseHost()), settings.adminToken()));
        this.probes = settings.metricsPort() == SidecarSettings.METRICS_PORT_OFF ? null
                : new ProbeServer("0.0.0.0", settings.metricsPort(), sources);
    }

    public static Sidecar start(SidecarSettings settings) throws Exception {
        Sidecar sidecar = new Sidecar(settings);
        try {
            sidecar.admin.start();
            if (sidecar.probes != null) {
                log.info("{}: /ready /live /metrics on 0.0.0.0:{}", settings.service(), sidecar.probes.start());
            }
            sidecar.identity.start(sidecar.channels, sidecar.savedIdentity);
            // The control plane serves ADS only to a workload certificate: subscribe once there is one.
            sidecar.identity.firstIdentity().thenRun(sidecar::startAds);
            if (sidecar.health != null) {
                sidecar.health.start();
                // Register only once the inbound listener is bound and has a certificate: never advertise a
                // port that refuses.
                sidecar.ready().thenRun(sidecar.registration::start);
            }
            if (settings.isGateway()) {
                log.info("gateway {} starting: admin 127.0.0.1:{}, listening on {}:{} ({}), control plane {}",
                        settings.service(), sidecar.admin.port(), settings.gateway().listenAddress(),
                        sidecar.outboundPort, settings.gateway().tls() ? "TLS" : "plaintext", settings.controlPlane());
                return sidecar;
            }
            log.info("sidecar {} starting: admin 127.0.0.1:{}, outbound {}, inbound {}, upstreams {}, control plane {}",
                    settings.service(), sidecar.admin.port(), sidecar.outboundPort,
                    sidecar.inboundPort == 0 ? "none" : sidecar.inboundPort, sidecar.upstreamPorts,
                    settings.controlPlane());
            return sidecar;
        } catch (Exception | Error e) {
            sidecar.kill();
            throw e;
        }
    }

    /**
     * Subscribes to ADS and opens the load reporting stream (once the first workload certificate is there), unless the
     * sidecar stopped meanwhile.
     */
    private void startAds() {
        if (stopped.get()) {
            return;
        }
        try {
            ads.start();
            loadReporter.start();
        } catch (RejectedExecutionException e) {
            log.debug("sidecar stopped before its ADS client started");
        }
    }

    /** Completes when the workload certificate is issued, the first configuration applied and every listener bound. */
    public CompletableFuture<Void> ready() {
        return dataPlane.ready().thenCombine(identity.firstIdentity(), (bound, certificate) -> null);
    }

    /** The bound {@code --metrics-port}, -1 without one. */
    public int metricsPort() {
        return probes == null ? -1 : probes.port();
    }

    public int adminPort() {
        return admin.port();
    }

    /** The inbound listener's port, 0 for a client-only sidecar. */
    public int inboundPort() {
        return inboundPort;
    }

    /** The shared outbound port; an edge gateway's: the port it listens on. */
    public int outboundPort() {
        return outboundPort;
    }

    /** The local port of the explicit upstream listener for a service ({@code --upstream svc=PORT}). */
    public int upstreamPort(String service) {
        Integer port = upstreamPorts.get(service);
        if (port == null) {
            throw new IllegalArgumentException("upstream: '" + service + "' (expected: one of "
                    + upstreamPorts.keySet() + ")");
        }
        return port;
    }

    /** The app configuration of this sidecar's service, as {@code GET /config} serves it. */
    public ConfigWatch appConfig() {
        return appConfig;
    }

    /** The configuration the data plane runs with now (the last accepted xDS state). */
    public MeshConfig currentConfig() {
        return ads.currentConfig();
    }

    /** Abrupt stop, as if the process died: no deregistration, connections reset. For demos and tests. */
    public void kill() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        if (registration != null) {
            registration.abandon();
        }
        stopCommon();
    }

    /**
     * Graceful stop (SIGTERM): what {@code POST /drain} does ({@link DrainSequence}: {@code /ready} fails, the instance
     * deregisters, the listeners serve on for the drain delay, then stop accepting and drain), then waits until every
     * downstream connection has finished its requests and closed, at most the drain delay plus the drain timeout, then
     * closes the rest. Idempotent.
     */
    @Override
    public void close() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        awaitDrained(drain.start());
        stopCommon();
        log.info("{} stopped", who());
    }

    private void awaitDrained(CompletableFuture<Void> drained) {
        String who = who();
        Duration timeout = settings.drainDelay().plus(settings.drainTimeout());
        try {
            drained.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            log.info("{} drained", who);
        } catch (TimeoutException e) {
            log.warn("{}: drain timeout {} (after the drain delay {}) is over; closing the connections still open",
                    who, Durations.format(settings.drainTimeout()), Durations.format(settings.drainDelay()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("{}: interrupted while draining; closing the connections still open", who);
        } catch (ExecutionException e) {
            log.warn("{}: drain failed; closing the connections still open", who, e.getCause());
        }
    }

    /** {@code sidecar SERVICE} or {@code gateway NAME}, for the log. */
    private String who() {
        return (settings.isGateway() ? "gateway " : "sidecar ") + settings.service();
    }

    private void stopCommon() {
        drainScheduler.shutdownNow();
        if (certificateReloads != null) {
            certificateReloads.shutdownNow();
        }
        if (health != null) {
            health.close();
            healthScheduler.shutdownNow();
        }
        loadReporter.close();
        ads.close();
        if (appConfigWriter != null) {
            appConfigWriter.shutdown();
        }
        dataPlane.close();
        accessLog.close();
        tracing.close(); // after the data plane: the last exchanges' spans are flushed
        admin.close();
        if (probes != null) {
            probes.close();
        }
        identity.close();
        controlPlane.close();
        channels.close();
        if (dataDir != null) {
            dataDir.close();
        }
        loops.close();
        meters.close();
    }

    /** On /ready while serving a saved configuration: {@code stale_config since <when it was saved>}. */
    private Optional<String> staleNote() {
        XdsStatus status = ads.status();
        return status.staleConfig() ? Optional.of("stale_config since " + status.staleSince()) : Optional.empty();
    }

    /**
     * The data dir, or null when it cannot be made (logged): the sidecar then runs from the control plane alone, as a
     * data dir is what it keeps, not what it needs.
     */
    private static DataDir openDataDir(Path dir, Manifest manifest) {
        try {
            return DataDir.open(dir, manifest);
        } catch (IOException | RuntimeException e) {
            log.warn("data dir {}: cannot be used ({}); nothing is saved and the sidecar starts from the control plane",
                    dir, e.toString());
            return null;
        }
    }

    private boolean configApplied() {
        CompletableFuture<Void> ready = dataPlane.ready();
        return ready.isDone() && !ready.isCompletedExceptionally();
    }

    /** HTTP GET of the health path for HTTP/1.1 apps, the gRPC health protocol for gRPC, a TCP connect otherwise. */
    private static AppHealthChecker appHealth(AppProtocol protocol, HealthCheckConfig check,
                                              ScheduledExecutorService scheduler, EventLoops loops) {
        return switch (protocol) {
            case HTTP -> new AppHealthChecker(check, new HttpHealthProbe(check, loops.group(), loops.socketChannelType()),
                    scheduler);
            case GRPC -> new AppHealthChecker(check, new GrpcHealthProbe(check.host(), check.port(), check.timeout(),
                    loops.group(), loops.socketChannelType()), scheduler);
            case HTTP2, TCP -> new AppHealthChecker(check,
                    new TcpConnectProbe(check.host(), check.port(), check.timeout()), scheduler);
        };
    }

    /** Checks the edge certificate files every {@code interval} on a thread of its own, never an event loop. */
    private static ScheduledExecutorService reloadOnChange(EdgeTls tls, Duration interval) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(daemon("banyan-edge-certificates"));
        executor.scheduleWithFixedDelay(() -> {
            try {
                tls.reloadIfChanged();
            } catch (RuntimeException e) { // keep checking: the previous certificates still serve
                log.warn("edge certificates: reload check failed", e);
            }
        }, interval.toNanos(), interval.toNanos(), TimeUnit.NANOSECONDS);
        return executor;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** {@code port}, or for 0 ("any free port") the port the data plane just bound on {@code address} for it. */
    private int listenPort(int port, String address) {
        return port != 0 ? port : dataPlane.reservePort(address);
    }

    /** The explicit upstream ports, each 0 replaced by the port bound for it. */
    private Map<String, Integer> upstreamPorts(Map<String, Integer> configured) {
        Map<String, Integer> ports = new TreeMap<>();
        configured.forEach((service, port) ->
                ports.put(service, listenPort(port, NodeMetadata.DEFAULT_OUTBOUND_ADDRESS)));
        return Collections.unmodifiableMap(ports);
    }
}
