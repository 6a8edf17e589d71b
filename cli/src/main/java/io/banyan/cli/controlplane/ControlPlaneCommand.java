package io.banyan.cli.controlplane;

import io.banyan.adminserver.AdminLimits;
import io.banyan.cli.log.LogOptions;
import io.banyan.cli.options.ConfigOption;
import io.banyan.cli.options.Converters;
import io.banyan.cli.options.HelpOption;
import io.banyan.cli.run.ShutdownWait;
import io.banyan.controlplane.ControlPlane;
import io.banyan.controlplane.ControlPlaneSettings;
import io.banyan.controlplane.appconfig.ConfigKeyFile;
import io.banyan.controlplane.registry.RegistryRules;
import io.banyan.controlplane.xds.XdsDebounce;
import io.banyan.controlplane.xds.XdsLimits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code banyan control-plane}: registry, admin API, xDS and CA in one process. */
@Command(name = "control-plane", sortOptions = false,
        description = "Runs the control plane: service registry, admin REST API, xDS (ADS) server and CA.")
public final class ControlPlaneCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;
    @Mixin
    HelpOption help;
    @Mixin
    ConfigOption config;
    @Mixin
    StoreFlags storeFlags;
    @Mixin
    LogOptions log;

    @Option(names = "--admin-port", paramLabel = "PORT", defaultValue = "15080", converter = Converters.Port.class,
            description = "Admin REST API, /healthz and /metrics (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int adminPort;

    @Option(names = "--xds-port", paramLabel = "PORT", defaultValue = "15010", converter = Converters.Port.class,
            description = "gRPC: xDS (ADS), registration and certificate signing (default: ${DEFAULT-VALUE}).")
    int xdsPort;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "./data/control-plane",
            description = "Directory of the embedded store (and of the CA and config key when not given; with --store "
                    + "etcd only those) (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--trust-domain", paramLabel = "DOMAIN", defaultValue = ControlPlaneSettings.DEFAULT_TRUST_DOMAIN,
            description = "SPIFFE trust domain of the workload identities (default: ${DEFAULT-VALUE}).")
    String trustDomain;

    @Option(names = "--admin-token", paramLabel = "TOKEN",
            description = "Bearer token of the admin API; empty leaves the admin API open (a warning is printed).")
    String adminToken;

    @Option(names = "--admin-tokens-file", paramLabel = "FILE",
            description = "YAML or JSON list of {name, token}: more admin tokens, each naming the author of what its "
                    + "requests write (names: DNS labels; tokens: at least 16 characters).")
    Path adminTokensFile;

    @Option(names = "--check",
            description = "Only check the configuration (options, the admin tokens file and the config key file) and "
                    + "exit: 0 when it is good, 2 naming what is wrong.")
    boolean check;

    @Option(names = "--config-key-file", paramLabel = "FILE",
            description = "The key that seals app-configuration secrets at rest: 32 bytes, base64. Default: "
                    + "<data-dir>/config.key, generated (0600) on the first start.")
    Path configKeyFile;

    @Option(names = "--bind-address", paramLabel = "ADDRESS", defaultValue = "0.0.0.0",
            description = "Address both servers bind (default: ${DEFAULT-VALUE}).")
    String bindAddress;

    @Option(names = "--sweep-interval", paramLabel = "DURATION", defaultValue = "500ms",
            converter = Converters.HumanDuration.class,
            description = "How often instance TTLs are checked (default: ${DEFAULT-VALUE}).")
    Duration sweepInterval;

    @Option(names = "--startup-grace", paramLabel = "DURATION", defaultValue = "30s",
            converter = Converters.HumanDuration.class,
            description = "After a start, instances restored from the store are not expired before max(their TTL, "
                    + "this) has passed, so that every agent can reconnect and heartbeat (default: ${DEFAULT-VALUE}).")
    Duration startupGrace;

    @Option(names = "--self-preservation-threshold", paramLabel = "SHARE", defaultValue = "0.5",
            description = "At most this share of a service's instances (of two or more) is expired by TTL at once; "
                    + "further ones are held, not expired (default: ${DEFAULT-VALUE}; 1 disables).")
    double selfPreservationThreshold;

    @Option(names = "--reap-after", paramLabel = "DURATION", defaultValue = "15m",
            converter = Converters.HumanDuration.class,
            description = "An expired instance is removed once its TTL plus this has passed without a heartbeat "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration reapAfter;

    @Option(names = "--ca-dir", paramLabel = "DIR",
            description = "CA made by 'banyan certs init-ca' (a root, or an intermediate under an offline root); "
                    + "default: a root CA created on first start in <data-dir>/ca.")
    Path caDir;

    @Option(names = "--extra-trust-roots", paramLabel = "FILE",
            description = "PEM file of further root CAs for the trust bundle (to rotate a root with overlap).")
    Path extraTrustRoots;

    @Option(names = "--cert-ttl", paramLabel = "DURATION", defaultValue = "1h", converter = Converters.HumanDuration.class,
            description = "Lifetime of workload certificates, 30s..24h (default: ${DEFAULT-VALUE}); sidecars renew at half-life.")
    Duration certTtl;

    @Option(names = "--recover", arity = "0..1", fallbackValue = "true", defaultValue = "false",
            converter = Converters.Bool.class,
            description = "Start from what is readable of a store that lost data (older than its version mark, "
                    + "unreadable entries) instead of refusing to start; logged loudly, and the authorization "
                    + "default turns to deny-unless-allowed.")
    boolean recover;

    @Option(names = "--admin-max-connections", paramLabel = "N", defaultValue = "256", converter = Converters.Positive.class,
            description = "Most admin connections served (default: ${DEFAULT-VALUE}); beyond it 4 more get only /healthz, /readyz "
                    + "and /metrics, further ones are closed at once.")
    int adminMaxConnections;

    @Option(names = "--admin-header-timeout", paramLabel = "DURATION", defaultValue = "10s",
            converter = Converters.HumanDuration.class,
            description = "An admin request's head must arrive within this time of its first byte, and its body may "
                    + "pause no longer; slower gets 408 (default: ${DEFAULT-VALUE}).")
    Duration adminHeaderTimeout;

    @Option(names = "--admin-idle-timeout", paramLabel = "DURATION", defaultValue = "60s",
            converter = Converters.HumanDuration.class,
            description = "How long an admin connection may wait for its next request (default: ${DEFAULT-VALUE}).")
    Duration adminIdleTimeout;

    @Option(names = "--xds-max-streams-per-identity", paramLabel = "N", defaultValue = "" + XdsLimits.DEFAULT_MAX_STREAMS_PER_IDENTITY, converter = Converters.Positive.class,
            description = "ADS streams (and, counted apart, load-reporting streams) one workload identity (all "
                    + "replicas of a service) may hold open; more are refused with RESOURCE_EXHAUSTED (default: "
                    + "${DEFAULT-VALUE}; set above the largest replica count).")
    int xdsMaxStreamsPerIdentity;

    @Option(names = "--xds-max-nodes", paramLabel = "N", defaultValue = "" + XdsLimits.DEFAULT_MAX_NODES, converter = Converters.Positive.class,
            description = "xDS nodes whose state is kept, connected or within the retention; the longest idle makes "
                    + "room, and a new node is refused only when all are connected (default: ${DEFAULT-VALUE}).")
    int xdsMaxNodes;

    @Option(names = "--xds-node-retention", paramLabel = "DURATION", defaultValue = "5m",
            converter = Converters.HumanDuration.class,
            description = "How long a disconnected node's state is kept for a quick reconnect, 0s..24h (default: ${DEFAULT-VALUE}).")
    Duration xdsNodeRetention;

    @Option(names = "--xds-debounce", paramLabel = "DURATION", defaultValue = "50ms",
            converter = Converters.HumanDuration.class,
            description = "A configuration change waits this long without another one before it is pushed, so a burst "
                    + "is pushed once; 0 disables, up to 1m (default: ${DEFAULT-VALUE}).")
    Duration xdsDebounce;

    @Option(names = "--xds-debounce-max", paramLabel = "DURATION", defaultValue = "500ms",
            converter = Converters.HumanDuration.class,
            description = "The longest a change waits while changes keep arriving, --xds-debounce..1m "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration xdsDebounceMax;

    @Option(names = "--load-report-interval", paramLabel = "DURATION", defaultValue = "5s",
            converter = Converters.HumanDuration.class,
            description = "How often sidecars and gateways report their load (Envoy LRS) and migrations' guards "
                    + "look at it, 100ms..1m (default: ${DEFAULT-VALUE}).")
    Duration loadReportInterval;

    @Option(names = "--heartbeat-exchange", paramLabel = "DURATION", defaultValue = "1s",
            converter = Converters.HumanDuration.class,
            description = "With replicas (--store etcd): how often each replica shares the heartbeats it received "
                    + "and takes the others'; expiry waits two such intervals past a TTL, 100ms..1m "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration heartbeatExchange;

    /** The validated settings; an invalid value throws IllegalArgumentException naming the field. */
    public ControlPlaneSettings settings() {
        return ControlPlaneSettings.builder(dataDir)
                .bindAddress(bindAddress).adminPort(adminPort).xdsPort(xdsPort)
                .trustDomain(trustDomain).adminToken(adminToken)
                .adminTokens(adminTokensFile == null ? List.of() : AdminTokensFile.read(adminTokensFile))
                .sweepInterval(sweepInterval)
                .caDir(caDir).extraTrustRoots(extraTrustRoots).certTtl(certTtl)
                .recover(recover)
                .registryRules(new RegistryRules(startupGrace, selfPreservationThreshold, reapAfter))
                .adminLimits(new AdminLimits(adminMaxConnections, adminHeaderTimeout, adminIdleTimeout))
                .xdsLimits(new XdsLimits(xdsMaxStreamsPerIdentity, xdsMaxNodes, xdsNodeRetention))
                .xdsDebounce(new XdsDebounce(xdsDebounce, xdsDebounceMax))
                .loadReportInterval(loadReportInterval)
                .heartbeatExchange(heartbeatExchange)
                .configKeyFile(configKeyFile)
                .etcdStore(storeFlags.settings())
                .build();
    }

    @Override
    public Integer call() throws Exception {
        ControlPlaneSettings settings = settings();
        PrintWriter out = spec.commandLine().getOut();
        if (check) {
            if (configKeyFile != null) {
                ConfigKeyFile.read(configKeyFile, "config-key-file");
            }
            out.printf("banyan control-plane: configuration good (%d admin tokens)%n", settings.allAdminTokens().size());
            out.flush();
            return 0;
        }
        log.apply();
        ControlPlane controlPlane = ControlPlane.start(settings);
        if (settings.allAdminTokens().isEmpty()) {
            spec.commandLine().getErr().println("banyan control-plane: warning: no --admin-token or --admin-tokens-file:"
                    + " the admin API is open "
                    + "to anyone who can reach " + settings.bindAddress() + ":" + controlPlane.adminPort());
        }
        out.printf("banyan control-plane: admin http://%s:%d  xds (TLS) %s:%d  trust domain %s  CA sha256 %s  data %s%n",
                settings.bindAddress(), controlPlane.adminPort(), settings.bindAddress(), controlPlane.xdsPort(),
                settings.trustDomain(), controlPlane.caFingerprint(), settings.storeOnEtcd()
                        ? "etcd " + settings.etcdStore().endpoints() + " " + settings.etcdStore().prefix()
                        + " (replica " + settings.etcdStore().replica() + ")"
                        : settings.dataDir().toAbsolutePath().normalize());
        out.flush();
        new ShutdownWait(Runtime.getRuntime()).closeOnShutdown("control-plane", controlPlane);
        return 0;
    }
}
