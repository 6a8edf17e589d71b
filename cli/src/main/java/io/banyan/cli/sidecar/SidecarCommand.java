package io.banyan.cli.sidecar;

import io.banyan.cli.log.LogOptions;
import io.banyan.cli.options.ConfigOption;
import io.banyan.cli.options.Converters;
import io.banyan.cli.options.HelpOption;
import io.banyan.cli.options.Upstream;
import io.banyan.cli.run.ShutdownWait;
import io.banyan.dataplane.config.AppProtocol;
import io.banyan.sidecar.Sidecar;
import io.banyan.sidecar.SidecarSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code banyan sidecar}: the data plane next to one service instance. */
@Command(name = "sidecar", sortOptions = false,
        description = "Runs a sidecar proxy next to one instance of a service (or a client-only sidecar without --app-port).")
public final class SidecarCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;
    @Mixin
    HelpOption help;
    @Mixin
    ConfigOption config;

    @Option(names = "--service", paramLabel = "NAME",
            description = "Required. The service this instance belongs to: its identity spiffe://<trust-domain>/svc/NAME.")
    String service;

    @Option(names = "--app-port", paramLabel = "PORT", defaultValue = "0", converter = Converters.Port.class,
            description = "Port of the local app on 127.0.0.1; omit (0) for a client-only sidecar.")
    int appPort;

    @Option(names = "--app-health-path", paramLabel = "PATH", defaultValue = "/",
            description = "HTTP path on the app that answers 2xx while it is healthy (default: ${DEFAULT-VALUE}).")
    String appHealthPath;

    @Option(names = "--app-protocol", paramLabel = "PROTOCOL", defaultValue = "http",
            description = "What the app speaks: http, http2, grpc or tcp (opaque bytes, TCP connect health check; "
                    + "default: ${DEFAULT-VALUE}).")
    String appProtocol;

    @Option(names = "--upstream", paramLabel = "SERVICE=PORT|*", split = ",", converter = Converters.UpstreamSpec.class,
            description = "Repeatable. A service this sidecar calls, with an explicit outbound port on 127.0.0.1, "
                    + "e.g. orders=9001; the sidecar receives only these services (and what their routes reference). "
                    + "'*' (no port): every service through the shared outbound port.")
    List<Upstream> upstreams = new ArrayList<>();

    @Option(names = "--inbound-port", paramLabel = "PORT", defaultValue = "15006", converter = Converters.Port.class,
            description = "Inbound mutual-TLS listener (default: ${DEFAULT-VALUE}).")
    int inboundPort;

    @Option(names = "--outbound-port", paramLabel = "PORT", defaultValue = "15001", converter = Converters.Port.class,
            description = "Shared outbound listener, routes by Host (default: ${DEFAULT-VALUE}).")
    int outboundPort;

    @Option(names = "--advertise-host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Address other sidecars use to reach the inbound port (default: ${DEFAULT-VALUE}).")
    String advertiseHost;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where the sidecar keeps its key and certificate (default: ./data/sidecar-<service>).")
    Path dataDir;

    @Option(names = "--version", paramLabel = "VERSION", description = "Version label of this instance (e.g. v2 for a canary).")
    String version;

    @Option(names = "--registration-ttl", paramLabel = "DURATION", defaultValue = "10s",
            converter = Converters.HumanDuration.class,
            description = "TTL of the instance's registration; the sidecar heartbeats at a third of it (default: ${DEFAULT-VALUE}).")
    Duration registrationTtl;

    @Option(names = "--app-config-file", paramLabel = "PATH",
            description = "Write the service's app configuration here on every change, atomically (0600): a .env path "
                    + "gets KEY=value lines, any other path the JSON of GET /config.")
    Path appConfigFile;

    @Option(names = "--check",
            description = "Only check the configuration (options) and exit: 0 when it is good, 2 naming what is wrong.")
    boolean check;

    @Mixin
    MeshMemberOptions member;

    @Mixin
    ProtocolLimitOptions limits;

    @Mixin
    AccessLogOptions accessLog;

    @Mixin
    LogOptions log;

    @Mixin
    TracingOptions tracing;

    /** The validated settings; an invalid value throws IllegalArgumentException naming the field. */
    public SidecarSettings settings() {
        if (service == null || service.isBlank()) {
            throw new IllegalArgumentException("service: missing (expected: --service NAME, BANYAN_SERVICE or 'service:' in --config)");
        }
        Map<String, Integer> upstreamPorts = new LinkedHashMap<>();
        Set<String> shared = new TreeSet<>();
        for (Upstream upstream : upstreams) {
            if (upstream.isAll()) {
                continue;
            }
            if (upstreamPorts.containsKey(upstream.service()) || shared.contains(upstream.service())) {
                throw new IllegalArgumentException("upstream: " + upstream.service()
                        + " given twice (expected: each service once, with one port or none)");
            }
            if (upstream.isShared()) {
                shared.add(upstream.service());
            } else if (upstreamPorts.put(upstream.service(), upstream.port()) != null) {
                throw new IllegalArgumentException("upstream: " + upstream.service()
                        + " given twice (expected: one port per service)");
            }
        }
        Path dir = dataDir != null ? dataDir : Path.of("data", "sidecar-" + service);
        return member.applyTo(SidecarSettings.builder(service, member.controlPlane(), dir))
                .appPort(appPort).appHealthPath(appHealthPath).appProtocol(AppProtocol.fromWireName(appProtocol))
                .upstreams(upstreamPorts).sharedUpstreams(shared)
                .allUpstreams(upstreams.stream().anyMatch(Upstream::isAll)).inboundPort(inboundPort).outboundPort(outboundPort)
                .advertiseHost(advertiseHost).version(version).registrationTtl(registrationTtl)
                .limits(limits.limits()).appConfigFile(appConfigFile).accessLog(accessLog.settings())
                .tracing(tracing.settings())
                .build();
    }

    @Override
    public Integer call() throws Exception {
        SidecarSettings settings = settings();
        PrintWriter out = spec.commandLine().getOut();
        if (check) {
            out.printf("banyan sidecar %s: configuration OK (upstreams %s%s%s)%n", settings.service(),
                    new TreeMap<>(settings.upstreams()), settings.sharedUpstreams().isEmpty() ? ""
                            : ", through the shared outbound port " + new TreeSet<>(settings.sharedUpstreams()),
                    settings.allUpstreams()
                            ? ", and every service through the shared outbound port" : "");
            out.flush();
            return 0;
        }
        log.apply();
        PrintWriter startup = spec.commandLine().getErr(); // stdout carries the access log (default): JSON lines only
        Sidecar sidecar = Sidecar.start(settings);
        String upstreamPorts = settings.upstreams().keySet().stream().sorted()
                .map(name -> name + "=" + sidecar.upstreamPort(name))
                .collect(Collectors.joining(" "));
        startup.printf("banyan sidecar %s: admin %d  outbound %d%s%s  control plane %s%n", settings.service(),
                sidecar.adminPort(), sidecar.outboundPort(),
                settings.hasApp() ? "  inbound " + sidecar.inboundPort() + " -> app " + settings.appPort() : "  (client only)",
                upstreamPorts.isEmpty() ? "" : "  upstream " + upstreamPorts, settings.controlPlane());
        startup.flush();
        sidecar.ready().whenComplete((ignored, failure) -> {
            if (failure == null) {
                startup.printf("banyan sidecar %s: ready%n", settings.service());
            } else {
                startup.printf("banyan sidecar %s: not ready: %s%n", settings.service(), failure.getMessage());
            }
            startup.flush();
        });
        new ShutdownWait(Runtime.getRuntime()).closeOnShutdown("sidecar", sidecar);
        return 0;
    }
}
