package io.banyan.controlplane;

import io.banyan.adminserver.AdminLimits;
import io.banyan.adminserver.AdminToken;
import io.banyan.controlplane.registry.RegistryRules;
import io.banyan.controlplane.store.EtcdStoreSettings;
import io.banyan.controlplane.xds.XdsDebounce;
import io.banyan.controlplane.xds.XdsLimits;
import io.banyan.primitives.name.TrustDomain;
import io.banyan.primitives.time.Durations;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How the control plane is started: the launcher's options after parsing and validation. Built with
 * {@link #builder}, which holds every default. Port 0 means "pick a free port" (tests). An empty {@code adminToken}
 * disables admin-API auth (only for local demos; the launcher warns).
 *
 * @param bindAddress   address both servers bind (default 0.0.0.0)
 * @param adminPort     admin REST API, /healthz, /metrics (default 15080)
 * @param xdsPort       gRPC: ADS, registration and certificate signing (default 15010)
 * @param dataDir       the durable store's directory
 * @param trustDomain   SPIFFE trust domain (default mesh.local)
 * @param adminToken    bearer token of the admin API, named {@code admin} (default empty)
 * @param adminTokens   more named bearer tokens of the admin API ({@code --admin-tokens-file}; default none); with
 *                      neither, auth is off
 * @param sweepInterval how often TTL expiry is checked (default 500 ms)
 * @param caDir         a CA made by {@code banyan certs init-ca} (root or intermediate); null: the control plane
 *                      creates its own root in {@code <dataDir>/ca} on first start and loads it afterwards
 * @param extraTrustRoots a PEM file of further roots for the trust bundle (root rotation), or null
 * @param certTtl       lifetime of workload certificates (default 1h, 30s..24h)
 * @param recover       start from what is readable of a store that lost data (older than its version mark,
 *                      unreadable entries) instead of refusing to start; the authorization default then turns
 *                      to deny-unless-allowed (default false)
 * @param registryRules startup grace, self-preservation threshold and reap period of the registry
 *                      (default {@link RegistryRules#DEFAULT})
 * @param adminLimits   the admin port's connection limit and slow-client timeouts (default {@link AdminLimits#DEFAULT})
 * @param xdsLimits     bounds of the xDS port's per-node state (streams per identity, tracked nodes, retention;
 *                      default {@link XdsLimits#DEFAULT})
 * @param loadReportInterval how often the data planes send load reports (LRS) and the migrations' guard looks at
 *                      them (default 5s, 100ms..1m)
 * @param configKeyFile the key sealing app-configuration secrets (32 bytes, base64); null: {@code <dataDir>/config.key},
 *                      generated on the first start
 * @param xdsDebounce   how a burst of configuration changes is folded into one publishing round
 *                      ({@code --xds-debounce}, {@code --xds-debounce-max}; default {@link XdsDebounce#DEFAULT})
 * @param heartbeatExchange on a replicated store, how often each replica shares the heartbeats it received and
 *                      takes the others' ({@code --heartbeat-exchange}; default 1s, 100ms..1m); expiry waits two
 *                      such intervals past a TTL
 * @param etcdStore     the store on etcd ({@code --store etcd}, {@code --etcd-*}); null: the embedded store in
 *                      {@code dataDir}. With etcd, {@code caDir} and {@code configKeyFile} are required (every replica
 *                      signs with the same CA and opens the same sealed secrets)
 */
public record ControlPlaneSettings(String bindAddress, int adminPort, int xdsPort, Path dataDir,
                                   String trustDomain, String adminToken, List<AdminToken> adminTokens,
                                   Duration sweepInterval,
                                   Path caDir, Path extraTrustRoots, Duration certTtl, boolean recover,
                                   RegistryRules registryRules, AdminLimits adminLimits,
                                   XdsLimits xdsLimits, Duration loadReportInterval,
                                   Path configKeyFile, XdsDebounce xdsDebounce,
                                   Duration heartbeatExchange, EtcdStoreSettings etcdStore) {

    public static final Duration DEFAULT_CERT_TTL = Duration.ofHours(1);
    public static final Duration MIN_CERT_TTL = Duration.ofSeconds(30);
    public static final Duration MAX_CERT_TTL = Duration.ofHours(24);

    public static final String DEFAULT_BIND_ADDRESS = "0.0.0.0";
    public static final int DEFAULT_ADMIN_PORT = 15080;
    public static final int DEFAULT_XDS_PORT = 15010;
    public static final String DEFAULT_TRUST_DOMAIN = "mesh.local";
    public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofMillis(500);
    public static final Duration DEFAULT_LOAD_REPORT_INTERVAL = Duration.ofSeconds(5);
    public static final Duration MIN_LOAD_REPORT_INTERVAL = Duration.ofMillis(100);
    public static final Duration MAX_LOAD_REPORT_INTERVAL = Duration.ofMinutes(1);
    public static final Duration DEFAULT_HEARTBEAT_EXCHANGE = Duration.ofSeconds(1);
    public static final Duration MIN_HEARTBEAT_EXCHANGE = Duration.ofMillis(100);
    public static final Duration MAX_HEARTBEAT_EXCHANGE = Duration.ofMinutes(1);

    public ControlPlaneSettings {
        Objects.requireNonNull(bindAddress, "bind-address");
        port(adminPort, "admin-port");
        port(xdsPort, "xds-port");
        Objects.requireNonNull(dataDir, "data-dir");
        Objects.requireNonNull(trustDomain, "trust-domain");
        TrustDomain.check(trustDomain, "trust-domain");
        Objects.requireNonNull(adminToken, "admin-token");
        adminTokens = List.copyOf(adminTokens);
        checkDistinct(adminToken, adminTokens);
        Objects.requireNonNull(sweepInterval, "sweep-interval");
        Objects.requireNonNull(certTtl, "cert-ttl");
        if (certTtl.compareTo(MIN_CERT_TTL) < 0 || certTtl.compareTo(MAX_CERT_TTL) > 0) {
            throw new IllegalArgumentException("cert-ttl: " + certTtl + " (expected: 30s..24h)");
        }
        Objects.requireNonNull(registryRules, "registry rules");
        Objects.requireNonNull(adminLimits, "admin limits");
        Objects.requireNonNull(xdsLimits, "xDS limits");
        Objects.requireNonNull(xdsDebounce, "xDS debounce");
        Objects.requireNonNull(loadReportInterval, "load-report-interval");
        if (loadReportInterval.compareTo(MIN_LOAD_REPORT_INTERVAL) < 0
                || loadReportInterval.compareTo(MAX_LOAD_REPORT_INTERVAL) > 0) {
            throw new IllegalArgumentException("load-report-interval: " + Durations.format(loadReportInterval)
                    + " (expected: 100ms..1m)");
        }
        Objects.requireNonNull(heartbeatExchange, "heartbeat-exchange");
        if (heartbeatExchange.compareTo(MIN_HEARTBEAT_EXCHANGE) < 0
                || heartbeatExchange.compareTo(MAX_HEARTBEAT_EXCHANGE) > 0) {
            throw new IllegalArgumentException("heartbeat-exchange: " + Durations.format(heartbeatExchange)
                    + " (expected: 100ms..1m)");
        }
        if (etcdStore != null && caDir == null) {
            throw new IllegalArgumentException("ca-dir: required with --store etcd (expected: the same CA directory on"
                    + " every replica, so that they all sign with one CA)");
        }
        if (etcdStore != null && configKeyFile == null) {
            throw new IllegalArgumentException("config-key-file: required with --store etcd (expected: the same key"
                    + " file on every replica, so that each opens the app-config secrets the others sealed)");
        }
    }

    /** Whether the store is on etcd ({@code --store etcd}) rather than embedded in the data directory. */
    public boolean storeOnEtcd() {
        return etcdStore != null;
    }

    /** Settings with every default, the store in {@code dataDir}. */
    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    /** A builder holding these settings, to change a few. */
    public Builder toBuilder() {
        return new Builder(dataDir).bindAddress(bindAddress).adminPort(adminPort).xdsPort(xdsPort)
                .trustDomain(trustDomain).adminToken(adminToken).adminTokens(adminTokens).sweepInterval(sweepInterval)
                .caDir(caDir)
                .extraTrustRoots(extraTrustRoots).certTtl(certTtl).recover(recover).registryRules(registryRules)
                .adminLimits(adminLimits).xdsLimits(xdsLimits).loadReportInterval(loadReportInterval)
                .configKeyFile(configKeyFile).xdsDebounce(xdsDebounce).heartbeatExchange(heartbeatExchange)
                .etcdStore(etcdStore);
    }

    /** Every admin token: {@code --admin-token} (named {@code admin}) first, then the named ones. */
    public List<AdminToken> allAdminTokens() {
        List<AdminToken> all = new ArrayList<>();
        if (!adminToken.isEmpty()) {
            all.add(new AdminToken(AdminToken.ADMIN, adminToken));
        }
        all.addAll(adminTokens);
        return List.copyOf(all);
    }

    /** Names and tokens are each given once, {@code admin} included when {@code --admin-token} is set. */
    private static void checkDistinct(String adminToken, List<AdminToken> tokens) {
        Set<String> names = new HashSet<>();
        Set<String> secrets = new HashSet<>();
        if (!adminToken.isEmpty()) {
            names.add(AdminToken.ADMIN);
            secrets.add(adminToken);
        }
        for (int i = 0; i < tokens.size(); i++) {
            AdminToken token = tokens.get(i);
            if (!names.add(token.name())) {
                throw new IllegalArgumentException("admin-tokens-file: entry " + (i + 1) + " (name '" + token.name()
                        + "'): the name is taken" + (token.name().equals(AdminToken.ADMIN) && !adminToken.isEmpty()
                        ? " by --admin-token" : "") + " (expected: each name once)");
            }
            if (!secrets.add(token.token())) {
                throw new IllegalArgumentException("admin-tokens-file: entry " + (i + 1) + " (name '" + token.name()
                        + "'): the token is another entry's (expected: a token of its own)");
            }
        }
    }

    private static void port(int value, String field) {
        if (value < 0 || value > 65535) {
            throw new IllegalArgumentException(field + ": " + value + " (expected: 0..65535)");
        }
    }

    /**
     * The settings' defaults, in one place; each setter's {@code null} (and an empty bind address or trust domain)
     * keeps the default. {@link #build} validates.
     */
    public static final class Builder {

        private Path dataDir;
        private String bindAddress = DEFAULT_BIND_ADDRESS;
        private int adminPort = DEFAULT_ADMIN_PORT;
        private int xdsPort = DEFAULT_XDS_PORT;
        private String trustDomain = DEFAULT_TRUST_DOMAIN;
        private String adminToken = "";
        private List<AdminToken> adminTokens = List.of();
        private Duration sweepInterval = DEFAULT_SWEEP_INTERVAL;
        private Path caDir;
        private Path extraTrustRoots;
        private Duration certTtl = DEFAULT_CERT_TTL;
        private boolean recover;
        private RegistryRules registryRules = RegistryRules.DEFAULT;
        private AdminLimits adminLimits = AdminLimits.DEFAULT;
        private XdsLimits xdsLimits = XdsLimits.DEFAULT;
        private XdsDebounce xdsDebounce = XdsDebounce.DEFAULT;
        private Duration loadReportInterval = DEFAULT_LOAD_REPORT_INTERVAL;
        private Duration heartbeatExchange = DEFAULT_HEARTBEAT_EXCHANGE;
        private Path configKeyFile;
        private EtcdStoreSettings etcdStore;

        private Builder(Path dataDir) {
            this.dataDir = dataDir;
        }

        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        public Builder bindAddress(String bindAddress) {
            this.bindAddress = bindAddress == null || bindAddress.isEmpty() ? DEFAULT_BIND_ADDRESS : bindAddress;
            return this;
        }

        /** 0..65535; 0 picks a free port. */
        public Builder adminPort(int adminPort) {
            this.adminPort = adminPort;
            return this;
        }

        /** 0..65535; 0 picks a free port. */
        public Builder xdsPort(int xdsPort) {
            this.xdsPort = xdsPort;
            return this;
        }

        public Builder trustDomain(String trustDomain) {
            this.trustDomain = trustDomain == null || trustDomain.isEmpty() ? DEFAULT_TRUST_DOMAIN : trustDomain;
            return this;
        }

        /** The admin API's bearer token; null or empty: no auth. */
        /** Named admin tokens besides {@code --admin-token}; null: none. */
        public Builder adminTokens(List<AdminToken> adminTokens) {
            this.adminTokens = adminTokens == null ? List.of() : adminTokens;
            return this;
        }

        public Builder adminToken(String adminToken) {
            this.adminToken = adminToken == null ? "" : adminToken;
            return this;
        }

        public Builder sweepInterval(Duration sweepInterval) {
            this.sweepInterval = sweepInterval == null ? DEFAULT_SWEEP_INTERVAL : sweepInterval;
            return this;
        }

        /** The operator's CA; null: the control plane's own in {@code <dataDir>/ca}. */
        public Builder caDir(Path caDir) {
            this.caDir = caDir;
            return this;
        }

        /** A PEM file of further trusted roots; null: none. */
        public Builder extraTrustRoots(Path extraTrustRoots) {
            this.extraTrustRoots = extraTrustRoots;
            return this;
        }

        public Builder certTtl(Duration certTtl) {
            this.certTtl = certTtl == null ? DEFAULT_CERT_TTL : certTtl;
            return this;
        }

        /** Whether to start from what is readable of a store that lost data (else: refuse to start). */
        public Builder recover(boolean recover) {
            this.recover = recover;
            return this;
        }

        public Builder registryRules(RegistryRules registryRules) {
            this.registryRules = registryRules == null ? RegistryRules.DEFAULT : registryRules;
            return this;
        }

        public Builder adminLimits(AdminLimits adminLimits) {
            this.adminLimits = adminLimits == null ? AdminLimits.DEFAULT : adminLimits;
            return this;
        }

        public Builder xdsLimits(XdsLimits xdsLimits) {
            this.xdsLimits = xdsLimits == null ? XdsLimits.DEFAULT : xdsLimits;
            return this;
        }

        /** How often the data planes report load, 100ms..1m; null keeps the default (5s). */
        public Builder loadReportInterval(Duration loadReportInterval) {
            this.loadReportInterval = loadReportInterval == null ? DEFAULT_LOAD_REPORT_INTERVAL : loadReportInterval;
            return this;
        }

        /** {@code --heartbeat-exchange}; null: the default. */
        public Builder heartbeatExchange(Duration heartbeatExchange) {
            this.heartbeatExchange = heartbeatExchange == null ? DEFAULT_HEARTBEAT_EXCHANGE : heartbeatExchange;
            return this;
        }

        /** How a burst of changes is folded into one publishing round; null keeps the default (50ms, 500ms). */
        public Builder xdsDebounce(XdsDebounce xdsDebounce) {
            this.xdsDebounce = xdsDebounce == null ? XdsDebounce.DEFAULT : xdsDebounce;
            return this;
        }

        /** The store on etcd; null: the embedded store in the data directory (the default). */
        public Builder etcdStore(EtcdStoreSettings etcdStore) {
            this.etcdStore = etcdStore;
            return this;
        }

        /** The key sealing app-configuration secrets; null: {@code <dataDir>/config.key}. */
        public Builder configKeyFile(Path configKeyFile) {
            this.configKeyFile = configKeyFile;
            return this;
        }

        /** The validated settings; an invalid value throws IllegalArgumentException naming the field. */
        public ControlPlaneSettings build() {
            return new ControlPlaneSettings(bindAddress, adminPort, xdsPort, dataDir, trustDomain, adminToken,
                    adminTokens, sweepInterval, caDir, extraTrustRoots, certTtl, recover, registryRules, adminLimits, xdsLimits,
                    loadReportInterval, configKeyFile, xdsDebounce, heartbeatExchange, etcdStore);
        }
    }
}
