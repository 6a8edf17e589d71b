package io.banyan.cli.gateway;

import io.banyan.cli.log.LogOptions;
import io.banyan.cli.options.ConfigOption;
import io.banyan.cli.options.Converters;
import io.banyan.cli.options.HelpOption;
import io.banyan.cli.run.ShutdownWait;
import io.banyan.cli.sidecar.AccessLogOptions;
import io.banyan.cli.sidecar.MeshMemberOptions;
import io.banyan.cli.sidecar.ProtocolLimitOptions;
import io.banyan.cli.sidecar.TracingOptions;
import io.banyan.sidecar.GatewaySettings;
import io.banyan.sidecar.Sidecar;
import io.banyan.sidecar.SidecarSettings;
import io.banyan.sidecar.tls.CertificateFiles;
import io.banyan.sidecar.tls.EdgeTls;
import io.banyan.sidecar.tls.JwksTrust;
import io.banyan.sidecar.tls.SslContexts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code banyan gateway}: an edge proxy with no local app, in front of the mesh. The sidecar's machinery with
 * {@link SidecarSettings#gateway()}: identity {@code svc/<name>} from the join token, one listener on
 * {@code --listen} with the routes {@code gateway|<name>} from the control plane, TLS by SNI among the
 * {@code --tls-cert}/{@code --tls-key} pairs.
 */
@Command(name = "gateway", sortOptions = false,
        description = "Runs an edge gateway: no local app, one listener for clients outside the mesh, routes from the "
                + "control plane (PUT /v1/gateways/NAME/routes).")
public final class GatewayCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;
    @Mixin
    HelpOption help;
    @Mixin
    ConfigOption config;

    @Option(names = "--name", paramLabel = "NAME",
            description = "Required. The gateway's name, also its service: identity spiffe://<trust-domain>/svc/NAME, "
                    + "routes gateway|NAME.")
    String name;

    @Option(names = "--listen", paramLabel = "IP:PORT", defaultValue = "0.0.0.0:8080",
            description = "Where clients connect; any IP address, e.g. 0.0.0.0:8443 or [::]:8443 (default: "
                    + "${DEFAULT-VALUE}).")
    String listen;

    @Option(names = "--tls-cert", paramLabel = "FILE", split = ",",
            description = "Repeatable, paired in order with --tls-key. A PEM certificate chain (leaf first) served to "
                    + "clients whose SNI name matches one of its DNS names (exact, then *.suffix); the first pair is "
                    + "the default. Re-read when the file changes. None: plaintext (HTTP/1.1 and h2c).")
    List<Path> tlsCerts = new ArrayList<>();

    @Option(names = "--tls-key", paramLabel = "FILE", split = ",",
            description = "Repeatable, one per --tls-cert, in the same order: its PEM PKCS#8 private key.")
    List<Path> tlsKeys = new ArrayList<>();

    @Option(names = "--tls-reload-interval", paramLabel = "DURATION", defaultValue = "5s",
            converter = Converters.HumanDuration.class,
            description = "How often the certificate and key files are checked for changes (modification time and "
                    + "size); a pair that does not load keeps the previous one (default: ${DEFAULT-VALUE}).")
    Duration tlsReloadInterval;

    @Option(names = "--jwks-ca-file", paramLabel = "FILE",
            description = "PEM CA certificates trusted, besides the system CAs, for routes whose JWT keys come from an "
                    + "HTTPS jwksUri (an identity provider with a private CA). Read at start.")
    Path jwksCaFile;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where the gateway keeps its workload key and certificate (default: ./data/gateway-<name>).")
    Path dataDir;

    @Option(names = "--check",
            description = "Only check the configuration (options and the certificate and key files) and exit: 0 when "
                    + "it is good, 2 naming what is wrong.")
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
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(
                    "name: missing (expected: --name NAME, BANYAN_NAME or 'name:' in --config)");
        }
        GatewaySettings gateway = GatewaySettings.parseListen(listen, certificates(), tlsReloadInterval)
                .withJwksCaFile(jwksCaFile);
        Path dir = dataDir != null ? dataDir : Path.of("data", "gateway-" + name);
        return member.applyTo(SidecarSettings.builder(name, member.controlPlane(), dir))
                .limits(limits.limits()).gateway(gateway).accessLog(accessLog.settings())
                .tracing(tracing.settings())
                .build();
    }

    private List<CertificateFiles> certificates() {
        if (tlsCerts.size() != tlsKeys.size()) {
            throw new IllegalArgumentException("tls-key: " + tlsKeys.size() + " given for " + tlsCerts.size()
                    + " --tls-cert (expected: one --tls-key per --tls-cert, in the same order)");
        }
        List<CertificateFiles> pairs = new ArrayList<>();
        for (int i = 0; i < tlsCerts.size(); i++) {
            pairs.add(new CertificateFiles(tlsCerts.get(i), tlsKeys.get(i)));
        }
        return pairs;
    }

    @Override
    public Integer call() throws Exception {
        SidecarSettings settings = settings();
        GatewaySettings gateway = settings.gateway();
        PrintWriter out = spec.commandLine().getOut();
        if (check) {
            EdgeTls.check(gateway.certificates(), new SslContexts(SslContexts.defaultProvider()));
            JwksTrust.of(gateway.jwksCaFile());
            out.printf("banyan gateway %s: configuration OK (listen %s:%d, %s)%n", settings.service(),
                    gateway.listenAddress(), gateway.listenPort(),
                    gateway.tls() ? gateway.certificates().size() + " certificate(s)" : "plaintext");
            out.flush();
            return 0;
        }
        log.apply();
        PrintWriter startup = spec.commandLine().getErr(); // stdout carries the access log (default): JSON lines only
        Sidecar sidecar = Sidecar.start(settings);
        startup.printf("banyan gateway %s: admin %d  listen %s:%d (%s)  control plane %s%n", settings.service(),
                sidecar.adminPort(), gateway.listenAddress(), sidecar.outboundPort(),
                gateway.tls() ? "TLS" : "plaintext", settings.controlPlane());
        startup.flush();
        sidecar.ready().whenComplete((ignored, failure) -> {
            if (failure == null) {
                startup.printf("banyan gateway %s: ready%n", settings.service());
            } else {
                startup.printf("banyan gateway %s: not ready: %s%n", settings.service(),
                        failure.getMessage());
            }
            startup.flush();
        });
        new ShutdownWait(Runtime.getRuntime()).closeOnShutdown("gateway", sidecar);
        return 0;
    }
}
