package io.banyan.sidecar;

import io.banyan.api.xds.NodeMetadata;
import io.banyan.api.xds.XdsProtocol;
import io.banyan.dataplane.config.AppProtocol;
import io.banyan.dataplane.config.InstanceSettings;
import io.banyan.dataplane.config.ProtocolLimits;
import io.banyan.primitives.name.ServiceName;
import io.banyan.primitives.name.TrustDomain;
import io.banyan.sidecar.accesslog.AccessLogSettings;
import io.banyan.sidecar.trace.TraceSettings;
import io.banyan.sidecar.xds.ControlPlaneAddress;
import io.banyan.sidecar.xds.ControlPlaneEndpoints;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * How one sidecar is started: the launcher's options (flags, BANYAN_* environment, YAML) after parsing and
 * validation. Built with {@link #builder}, which holds every default. Port 0 means "pick a free port" (tests);
 * {@code appPort} 0 means a client-only sidecar (no inbound listener, no registration).
 *
 * @param service          the service this instance belongs to (its identity)
 * @param appPort          the local app's port, 0 for none (default 0)
 * @param appHealthPath    HTTP path on the app that answers 2xx while it is healthy (default /)
 * @param upstreams        explicit outbound ports on 127.0.0.1, service name to port (default none)
 * @param controlPlane     the control plane's gRPC endpoints (xDS, registration, CA): {@code HOST:PORT}, or several
 *                         replicas comma-separated {@code HOST:PORT,HOST:PORT,...} (each once); the sidecar uses one
 *                         at a time and moves to the next when its stream is lost
 * @param token            join token (default empty: the control plane does not require one)
 * @param adminPort        admin endpoints (/ready, /metrics, ...; default 15000)
 * @param inboundPort      inbound listener, where other sidecars reach this instance (default 15006)
 * @param outboundPort     shared outbound listener routing by Host (default 15001)
 * @param advertiseHost    the address other sidecars use to reach {@code inboundPort} (default 127.0.0.1)
 * @param dataDir          where the sidecar keeps what it last knew (key, certificate, trust bundle, last ACKed xDS
 *                         resources, app configuration; 0700, files 0600) and boots from when no control plane answers
 * @param zone             locality zone of this instance (default empty)
 * @param version          version label of this instance (default empty)
 * @param registrationTtl  TTL the sidecar registers its instance with; it heartbeats at a third of it (default 10s,
 *                         at least 1s)
 * @param trustDomain      SPIFFE trust domain of the mesh, the control plane's {@code --trust-domain}
 *                         (default mesh.local)
 * @param appProtocol      what the local app speaks (default http); it registers with it, and a {@code tcp} app gets
 *                         an opaque TCP inbound listener; the app is health-checked by GET of its health path (http),
 *                         the gRPC health protocol (grpc), or a TCP connect (http2, tcp: the health path is unused)
 * @param limits           HTTP/1.1, HTTP/2 and tunnel limits of every listener (default {@link ProtocolLimits#DEFAULT},
 *                         the Envoy-like defaults)
 * @param drainTimeout     how long a graceful stop (SIGTERM, {@code close()}) lets in-flight requests finish before it
 *                         closes what is left (default 20s)
 * @param drainDelay       how long a graceful stop keeps the listeners accepting and serving after {@code /ready}
 *                         failed and the instance deregistered, so that the removal reaches every caller through xDS
 *                         before anything stops (default 5s; 0 stops at once)
 * @param adminToken       bearer token the admin port requires on every endpoint but /ready, /live and /metrics
 *                         (default empty: none)
 * @param gateway          non-null for an edge gateway ({@code banyan gateway}): its listener and certificates; then
 *                         the service is the gateway's name, and it has no app, no upstream ports and no inbound
 *                         listener (default null: a sidecar)
 * @param appConfigFile    where to write the service's app configuration on every change ({@code .env}: KEY=value
 *                         lines; else JSON), atomically and 0600 (default null: not written)
 * @param xdsProtocol      the ADS variant spoken to the control plane: incremental or state of the world
 *                         (default {@link XdsProtocol#DEFAULT}, delta)
 * @param sharedUpstreams  {@code --upstream SERVICE} without a port: services this sidecar calls through its shared
 *                         outbound port only (declared, so they are in its scope; default none)
 * @param allUpstreams     {@code --upstream '*'}: the sidecar receives every service through its shared outbound
 *                         port, not only those it declared (default false: scoped)
 * @param accessLog        where and how each HTTP exchange is logged (default {@link AccessLogSettings#OFF}; the
 *                         launcher's default is stdout, JSON)
 * @param tracing          where spans are exported and how traces are sampled ({@code --otlp-endpoint},
 *                         {@code --otlp-protocol}, {@code --trace-sampling}; default {@link TraceSettings#OFF})
 * @param metricsPort      {@code --metrics-port}: {@code /ready}, {@code /live} and {@code /metrics} alone on all
 *                         addresses, for probes and scrapers that cannot reach the admin port's loopback; 0 for any
 *                         free port, {@link #METRICS_PORT_OFF} for none (the default)
 */
public record SidecarSettings(String service, int appPort, String appHealthPath, Map<String, Integer> upstreams,
                              String controlPlane, String token, int adminPort, int inboundPort,
                              int outboundPort, String advertiseHost, Path dataDir, String zone,
                              String version, Duration registrationTtl, String trustDomain,
                              AppProtocol appProtocol, ProtocolLimits limits, Duration drainTimeout,
                              Duration drainDelay, String adminToken, GatewaySettings gateway, Path appConfigFile,
                              XdsProtocol xdsProtocol, Set<String> sharedUpstreams, boolean allUpstreams,
                              AccessLogSettings accessLog, TraceSettings tracing, int metricsPort) {

    public static final int DEFAULT_ADMIN_PORT = 15000;
    /** No metrics port: probes and scrapers use the admin port on loopback. */
    public static final int METRICS_PORT_OFF = -1;
    public static final int DEFAULT_OUTBOUND_PORT = NodeMetadata.DEFAULT_OUTBOUND_PORT;
    public static final int DEFAULT_INBOUND_PORT = NodeMetadata.DEFAULT_INBOUND_PORT;
    public static final String DEFAULT_APP_HEALTH_PATH = "/";
    public static final String DEFAULT_ADVERTISE_HOST = "127.0.0.1";
    public static final Duration DEFAULT_REGISTRATION_TTL = Duration.ofSeconds(10);
    public static final Duration MIN_REGISTRATION_TTL = Duration.ofSeconds(1);
    public static final String DEFAULT_TRUST_DOMAIN = "mesh.local";
    /** Within Kubernetes' default 30 s termination grace period. */
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(20);
    /** Time for a deregistration to reach the callers: the control plane's push and their sidecars' update. */
    public static final Duration DEFAULT_DRAIN_DELAY = Duration.ofSeconds(5);

    public SidecarSettings {
        ServiceName.check(service, "service");
        port(appPort, "app-port");
        Objects.requireNonNull(appHealthPath, "app-health-path");
        if (!appHealthPath.startsWith("/")) {
            throw new IllegalArgumentException("app-health-path: '" + appHealthPath + "' (expected: starts with '/')");
        }
        upstreams = Map.copyOf(Objects.requireNonNull(upstreams, "upstreams"));
        upstreams.forEach((name, port) -> {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("upstream: " + name + "=" + port
                        + " (expected: SERVICE=PORT, port 0..65535, 0 for any free port)");
            }
        });
        ControlPlaneEndpoints.parseList(controlPlane);
        Objects.requireNonNull(token, "token");
        port(adminPort, "admin-port");
        if (metricsPort != METRICS_PORT_OFF) {
            port(metricsPort, "metrics-port");
        }
        port(inboundPort, "inbound-port");
        port(outboundPort, "outbound-port");
        Objects.requireNonNull(advertiseHost, "advertise-host");
        if (advertiseHost.isEmpty()) {
            throw new IllegalArgumentException("advertise-host: '' (expected: a host name or IP address)");
        }
        Objects.requireNonNull(dataDir, "data-dir");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(registrationTtl, "registration-ttl");
        if (registrationTtl.compareTo(MIN_REGISTRATION_TTL) < 0) {
            throw new IllegalArgumentException("registration-ttl: " + registrationTtl + " (expected: >= 1s)");
        }
        TrustDomain.check(trustDomain, "trust-domain");
        Objects.requireNonNull(appProtocol, "app-protocol");
        Objects.requireNonNull(limits, "protocol limits");
        Objects.requireNonNull(drainTimeout, "drain-timeout");
        if (drainTimeout.isNegative()) {
            throw new IllegalArgumentException("drain-timeout: " + drainTimeout + " (expected: >= 0s)");
        }
        Objects.requireNonNull(drainDelay, "drain-delay");
        if (drainDelay.isNegative()) {
            throw new IllegalArgumentException("drain-delay: " + drainDelay + " (expected: >= 0s)");
        }
        Objects.requireNonNull(adminToken, "admin-token");
        if (gateway != null && appPort != 0) {
            throw new IllegalArgumentException("app-port: " + appPort + " (expected: none for a gateway: it has no app)");
        }
        if (gateway != null && !upstreams.isEmpty()) {
            throw new IllegalArgumentException("upstream: " + upstreams.keySet()
                    + " (expected: none for a gateway: its routes come from the control plane)");
        }
        sharedUpstreams = Set.copyOf(Objects.requireNonNull(sharedUpstreams, "sharedUpstreams"));
        sharedUpstreams.forEach(name -> ServiceName.check(name, "upstream"));
        if (gateway != null && !sharedUpstreams.isEmpty()) {
            throw new IllegalArgumentException("upstream: " + new TreeSet<>(sharedUpstreams)
                    + " (expected: none for a gateway: its routes come from the control plane)");
        }
        if (gateway != null && allUpstreams) {
            throw new IllegalArgumentException("upstream: '*' (expected: none for a gateway: it receives every"
                    + " service already)");
        }
        if (appConfigFile != null && (appConfigFile.getFileName() == null
                || !Files.isDirectory(appConfigFile.toAbsolutePath().getParent()))) {
            throw new IllegalArgumentException("app-config-file: " + appConfigFile
                    + " (expected: a file in an existing directory)");
        }
        Objects.requireNonNull(xdsProtocol, "xds-protocol");
        Objects.requireNonNull(accessLog, "access-log");
        Objects.requireNonNull(tracing, "tracing");
    }

    /** The settings of a sidecar (no gateway). */
    public SidecarSettings(String service, int appPort, String appHealthPath, Map<String, Integer> upstreams,
                           String controlPlane, String token, int adminPort, int inboundPort,
                           int outboundPort, String advertiseHost, Path dataDir, String zone,
                           String version, Duration registrationTtl, String trustDomain,
                           AppProtocol appProtocol, ProtocolLimits limits, Duration drainTimeout,
                           String adminToken) {
        this(service, appPort, appHealthPath, upstreams, controlPlane, token, adminPort, inboundPort, outboundPort,
                advertiseHost, dataDir, zone, version, registrationTtl, trustDomain, appProtocol, limits,
                drainTimeout, DEFAULT_DRAIN_DELAY, adminToken, null, null, XdsProtocol.DEFAULT, Set.of(), false,
                AccessLogSettings.OFF, TraceSettings.OFF, METRICS_PORT_OFF);
    }

    /**
     * Settings with every default: the sidecar of {@code service} (a DNS label), talking to the control plane at
     * {@code controlPlane} (HOST:PORT), its key and certificate in {@code dataDir}.
     */
    public static Builder builder(String service, String controlPlane, Path dataDir) {
        return new Builder(service, controlPlane, dataDir);
    }

    /** A builder holding these settings, to change a few. */
    public Builder toBuilder() {
        return new Builder(service, controlPlane, dataDir).appPort(appPort).appHealthPath(appHealthPath)
                .upstreams(upstreams).token(token).adminPort(adminPort).inboundPort(inboundPort)
                .outboundPort(outboundPort).advertiseHost(advertiseHost).zone(zone).version(version)
                .registrationTtl(registrationTtl).trustDomain(trustDomain).appProtocol(appProtocol).limits(limits)
                .drainTimeout(drainTimeout).drainDelay(drainDelay).adminToken(adminToken).gateway(gateway).appConfigFile(appConfigFile)
                .xdsProtocol(xdsProtocol)
                .sharedUpstreams(sharedUpstreams)
                .allUpstreams(allUpstreams)
                .accessLog(accessLog)
                .tracing(tracing)
                .metricsPort(metricsPort);
    }

    /** Who this instance is and how it registers, as the xDS client and the registration agent need it. */
    public InstanceSettings instance() {
        return new InstanceSettings(service, appPort, appProtocol, advertiseHost, zone, version, registrationTtl, token);
    }

    public boolean hasApp() {
        return appPort > 0;
    }

    /** Whether this is an edge gateway ({@link #gateway()} non-null). */
    public boolean isGateway() {
        return gateway != null;
    }

    /** The control-plane replicas of {@code controlPlane}, in the order given. */
    public List<ControlPlaneAddress> controlPlanes() {
        return ControlPlaneEndpoints.parseList(controlPlane);
    }

    private static void port(int value, String field) {
        if (value < 0 || value > 65535) {
            throw new IllegalArgumentException(field + ": " + value + " (expected: 0..65535)");
        }
    }

    /**
     * The settings' defaults, in one place; each setter's {@code null} (and an empty health path, advertise host or
     * trust domain) keeps the default. {@link #build} validates.
     */
    public static final class Builder {

        private String service;
        private String controlPlane;
        private Path dataDir;
        private int appPort;
        private String appHealthPath = DEFAULT_APP_HEALTH_PATH;
        private Map<String, Integer> upstreams = Map.of();
        private Set<String> sharedUpstreams = Set.of();
        private boolean allUpstreams;
        private String token = "";
        private int adminPort = DEFAULT_ADMIN_PORT;
        private int metricsPort = METRICS_PORT_OFF;
        private int inboundPort = DEFAULT_INBOUND_PORT;
        private int outboundPort = DEFAULT_OUTBOUND_PORT;
        private String advertiseHost = DEFAULT_ADVERTISE_HOST;
        private String zone = "";
        private String version = "";
        private Duration registrationTtl = DEFAULT_REGISTRATION_TTL;
        private String trustDomain = DEFAULT_TRUST_DOMAIN;
        private AppProtocol appProtocol = AppProtocol.HTTP;
        private ProtocolLimits limits = ProtocolLimits.DEFAULT;
        private Duration drainTimeout = DEFAULT_DRAIN_TIMEOUT;
        private Duration drainDelay = DEFAULT_DRAIN_DELAY;
        private String adminToken = "";
        private AccessLogSettings accessLog = AccessLogSettings.OFF;
        private GatewaySettings gateway;
        private Path appConfigFile;
        private XdsProtocol xdsProtocol = XdsProtocol.DEFAULT;
        private TraceSettings tracing = TraceSettings.OFF;

        private Builder(String service, String controlPlane, Path dataDir) {
            this.service = service;
            this.controlPlane = controlPlane;
            this.dataDir = dataDir;
        }

        public Builder service(String service) {
            this.service = service;
            return this;
        }

        /** HOST:PORT of the control plane's gRPC endpoint. */
        public Builder controlPlane(String controlPlane) {
            this.controlPlane = controlPlane;
            return this;
        }

        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** 0..65535; 0: a client-only sidecar. */
        public Builder appPort(int appPort) {
            this.appPort = appPort;
            return this;
        }

        public Builder appHealthPath(String appHealthPath) {
            this.appHealthPath = orDefault(appHealthPath, DEFAULT_APP_HEALTH_PATH);
            return this;
        }

        /** Service name to port on 127.0.0.1 (0..65535, 0 picks a free port); null: none. */
        public Builder upstreams(Map<String, Integer> upstreams) {
            this.upstreams = upstreams == null ? Map.of() : upstreams;
            return this;
        }

        /** The join token; null or empty: none. */
        public Builder token(String token) {
            this.token = token == null ? "" : token;
            return this;
        }

        /** 0..65535; 0 picks a free port. */
        public Builder adminPort(int adminPort) {
            this.adminPort = adminPort;
            return this;
        }

        /** 0..65535; 0 picks a free port. */
        public Builder inboundPort(int inboundPort) {
            this.inboundPort = inboundPort;
            return this;
        }

        /** 0..65535; 0 picks a free port. */
        public Builder outboundPort(int outboundPort) {
            this.outboundPort = outboundPort;
            return this;
        }

        public Builder advertiseHost(String advertiseHost) {
            this.advertiseHost = orDefault(advertiseHost, DEFAULT_ADVERTISE_HOST);
            return this;
        }

        public Builder zone(String zone) {
            this.zone = zone == null ? "" : zone;
            return this;
        }

        public Builder version(String version) {
            this.version = version == null ? "" : version;
            return this;
        }

        /** At least 1s. */
        public Builder registrationTtl(Duration registrationTtl) {
            this.registrationTtl = registrationTtl == null ? DEFAULT_REGISTRATION_TTL : registrationTtl;
            return this;
        }

        public Builder trustDomain(String trustDomain) {
            this.trustDomain = orDefault(trustDomain, DEFAULT_TRUST_DOMAIN);
            return this;
        }

        public Builder appProtocol(AppProtocol appProtocol) {
            this.appProtocol = appProtocol == null ? AppProtocol.HTTP : appProtocol;
            return this;
        }

        public Builder limits(ProtocolLimits limits) {
            this.limits = limits == null ? ProtocolLimits.DEFAULT : limits;
            return this;
        }

        /** At least 0s. */
        public Builder drainTimeout(Duration drainTimeout) {
            this.drainTimeout = drainTimeout == null ? DEFAULT_DRAIN_TIMEOUT : drainTimeout;
            return this;
        }

        public Builder drainDelay(Duration drainDelay) {
            this.drainDelay = drainDelay == null ? DEFAULT_DRAIN_DELAY : drainDelay;
            return this;
        }

        /** The admin port's bearer token; null or empty: none. */
        public Builder adminToken(String adminToken) {
            this.adminToken = adminToken == null ? "" : adminToken;
            return this;
        }

        /** An edge gateway's listener and certificates; null: a sidecar. */
        public Builder gateway(GatewaySettings gateway) {
            this.gateway = gateway;
            return this;
        }

        /** The validated settings; an invalid value throws IllegalArgumentException naming the field. */
        /** {@code --upstream SERVICE} (no port): called through the shared outbound port only. */
        public Builder sharedUpstreams(Set<String> sharedUpstreams) {
            this.sharedUpstreams = sharedUpstreams == null ? Set.of() : sharedUpstreams;
            return this;
        }

        /** {@code --upstream '*'}: every service through the shared outbound port (default false: scoped). */
        public Builder allUpstreams(boolean allUpstreams) {
            this.allUpstreams = allUpstreams;
            return this;
        }

        /** Where to write the app configuration ({@code .env} or JSON); null: nowhere. */
        public Builder appConfigFile(Path appConfigFile) {
            this.appConfigFile = appConfigFile;
            return this;
        }

        /** Incremental ADS or state of the world; null: the default (delta). */
        public Builder xdsProtocol(XdsProtocol xdsProtocol) {
            this.xdsProtocol = xdsProtocol == null ? XdsProtocol.DEFAULT : xdsProtocol;
            return this;
        }

        /** Where and how each exchange is logged; null: off. */
        public Builder accessLog(AccessLogSettings accessLog) {
            this.accessLog = accessLog == null ? AccessLogSettings.OFF : accessLog;
            return this;
        }

        /** Span export and sampling; null: {@link TraceSettings#OFF}. */
        public Builder tracing(TraceSettings tracing) {
            this.tracing = tracing == null ? TraceSettings.OFF : tracing;
            return this;
        }

        /** The port of {@code /ready}, {@code /live} and {@code /metrics} on all addresses; {@link #METRICS_PORT_OFF}: none. */
        public Builder metricsPort(int metricsPort) {
            this.metricsPort = metricsPort;
            return this;
        }

        public SidecarSettings build() {
            return new SidecarSettings(service, appPort, appHealthPath, upstreams, controlPlane, token, adminPort,
                    inboundPort, outboundPort, advertiseHost, dataDir, zone, version, registrationTtl, trustDomain,
                    appProtocol, limits, drainTimeout, drainDelay, adminToken, gateway, appConfigFile, xdsProtocol,
                    sharedUpstreams, allUpstreams, accessLog, tracing, metricsPort);
        }

        private static String orDefault(String value, String defaultValue) {
            return value == null || value.isEmpty() ? defaultValue : value;
        }
    }
}
