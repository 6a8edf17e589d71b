package io.banyan.e2e.support;

import io.banyan.dataplane.config.AppProtocol;
import io.banyan.sidecar.GatewaySettings;
import io.banyan.sidecar.Sidecar;
import io.banyan.sidecar.SidecarSettings;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Starts real sidecars against a {@link ControlPlaneExtension}'s control plane and closes them after
 * each test. Ports are picked by the OS; each sidecar gets its own data directory.
 */
public final class SidecarExtension implements AfterEachCallback {

    /** A test's requests are over when its sidecars close: a request left hanging does not hold the next test long. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(5);

    private final Supplier<String> controlPlane;
    private final Supplier<AdminClient> admin;
    private final List<Sidecar> started = new ArrayList<>();
    private final List<Path> dataDirs = new ArrayList<>();

    public SidecarExtension(ControlPlaneExtension controlPlane) {
        this(controlPlane::grpcAddress, controlPlane::admin);
    }

    /**
     * Sidecars of the control plane(s) at {@code controlPlane} (what {@code --control-plane} takes, asked at each
     * start), joining with tokens from {@code admin}.
     */
    public SidecarExtension(Supplier<String> controlPlane, Supplier<AdminClient> admin) {
        this.controlPlane = controlPlane;
        this.admin = admin;
    }

    /**
     * A sidecar started with {@code settings} as they are (its data dir, control planes and token the test's), not
     * waited for; closed after the test.
     */
    public Sidecar launch(SidecarSettings settings) {
        try {
            Sidecar sidecar = Sidecar.start(settings);
            started.add(sidecar);
            return sidecar;
        } catch (Exception e) {
            throw new IllegalStateException("sidecar " + settings.service() + " did not start", e);
        }
    }

    /** A client-only sidecar of {@code service} with one explicit upstream port per named service. */
    public Sidecar client(String service, String... upstreams) {
        Map<String, Integer> ports = new java.util.HashMap<>();
        for (String upstream : upstreams) {
            ports.put(upstream, 0); // the sidecar binds any free port; upstreamPort(service) tells which
        }
        return start(service, 0, ports, Duration.ofSeconds(10));
    }

    /** A client-only sidecar of {@code service} started with {@code --upstream '*'}: every service, none declared. */
    public Sidecar clientOfEveryService(String service) {
        return startReady("sidecar", service, settings -> settings.inboundPort(0).outboundPort(0)
                .allUpstreams(true));
    }

    /**
     * A client-only sidecar of {@code service} started with {@code --upstream SERVICE} (no port) for each of
     * {@code upstreams}: declared, reached through the shared outbound port only.
     */
    public Sidecar clientThroughSharedPort(String service, String... upstreams) {
        return startReady("sidecar", service, settings -> settings.inboundPort(0).outboundPort(0)
                .sharedUpstreams(java.util.Set.of(upstreams)));
    }

    /** A client-only sidecar of {@code service} writing its app configuration to {@code appConfigFile}. */
    public Sidecar withAppConfigFile(String service, Path appConfigFile) {
        return startReady("sidecar", service, settings -> settings.outboundPort(0).appConfigFile(appConfigFile));
    }

    /** A sidecar in front of a local app: it registers the instance and serves the inbound port. */
    public Sidecar forApp(String service, int appPort, Duration registrationTtl) {
        return start(service, appPort, Map.of(), registrationTtl);
    }

    /** A sidecar in front of a local app speaking {@code protocol} (registered with it, health-checked by it). */
    public Sidecar forApp(String service, int appPort, AppProtocol protocol) {
        try {
            Sidecar sidecar = launch(service, appPort, Map.of(), Duration.ofSeconds(10),
                    admin.get().joinToken(service), protocol);
            sidecar.ready().get(30, TimeUnit.SECONDS);
            return sidecar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("sidecar " + service + " did not become ready", e);
        }
    }

    /** A sidecar in front of a local app that also calls the named services through explicit upstream ports. */
    public Sidecar forAppCalling(String service, int appPort, String... upstreams) {
        Map<String, Integer> ports = new java.util.HashMap<>();
        for (String upstream : upstreams) {
            ports.put(upstream, 0); // the sidecar binds any free port; upstreamPort(service) tells which
        }
        return start(service, appPort, ports, Duration.ofSeconds(10));
    }

    /**
     * A sidecar in front of a local app started with the given join token, not waited for: for tests of
     * sidecars that must not become ready (a token of another service, a foreign CA pinned).
     */
    public Sidecar startWithToken(String service, int appPort, String token) {
        try {
            return launch(service, appPort, Map.of(), Duration.ofSeconds(10), token);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("sidecar " + service + " did not start", e);
        }
    }

    /**
     * An edge gateway {@code name} joining with a token issued for service {@code name}, listening as {@code listen}
     * says (port 0: any free port, {@link Sidecar#outboundPort()} tells which); returned once ready.
     */
    public Sidecar gateway(String name, GatewaySettings listen) {
        return startReady("gateway", name, settings -> settings.gateway(listen));
    }

    /**
     * A {@code what} (sidecar or gateway) of {@code service} with its own join token, admin port 0 and the test drain
     * timeout, {@code settings} doing the rest; returned once ready.
     */
    private Sidecar startReady(String what, String service, UnaryOperator<SidecarSettings.Builder> settings) {
        try {
            Path dataDir = Files.createTempDirectory("banyan-" + what + "-");
            dataDirs.add(dataDir);
            Sidecar sidecar = Sidecar.start(settings.apply(SidecarSettings.builder(service,
                    controlPlane.get(), dataDir).token(admin.get().joinToken(service)).adminPort(0)
                    .drainTimeout(DRAIN_TIMEOUT).drainDelay(Duration.ZERO)).build());
            started.add(sidecar);
            sidecar.ready().get(30, TimeUnit.SECONDS);
            return sidecar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(what + " " + service + " did not become ready", e);
        }
    }

    private Sidecar start(String service, int appPort, Map<String, Integer> upstreams, Duration ttl) {
        try {
            Sidecar sidecar = launch(service, appPort, upstreams, ttl, admin.get().joinToken(service));
            sidecar.ready().get(30, TimeUnit.SECONDS);
            return sidecar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("sidecar " + service + " did not become ready", e);
        }
    }

    private Sidecar launch(String service, int appPort, Map<String, Integer> upstreams, Duration ttl, String token)
            throws Exception {
        return launch(service, appPort, upstreams, ttl, token, AppProtocol.HTTP);
    }

    private Sidecar launch(String service, int appPort, Map<String, Integer> upstreams, Duration ttl, String token,
                           AppProtocol protocol) throws Exception {
        Path dataDir = Files.createTempDirectory("banyan-sidecar-");
        dataDirs.add(dataDir);
        SidecarSettings settings = SidecarSettings.builder(service, controlPlane.get(), dataDir)
                .appPort(appPort).appHealthPath("/health").appProtocol(protocol).upstreams(upstreams).token(token)
                .adminPort(0).inboundPort(0).outboundPort(0).registrationTtl(ttl).drainTimeout(DRAIN_TIMEOUT)
                .drainDelay(Duration.ZERO).build();
        Sidecar sidecar = Sidecar.start(settings);
        started.add(sidecar);
        return sidecar;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        started.forEach(Sidecar::close);
        started.clear();
        dataDirs.forEach(ControlPlaneExtension::deleteRecursively);
        dataDirs.clear();
    }
}
