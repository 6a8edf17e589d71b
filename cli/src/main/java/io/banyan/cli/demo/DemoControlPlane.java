package io.banyan.cli.demo;

import io.banyan.cli.admin.AdminAnswer;
import io.banyan.cli.admin.AdminClient;
import io.banyan.cli.options.CommandFailure;
import io.banyan.cli.options.ErrorReporter;
import io.banyan.controlplane.ControlPlane;
import io.banyan.controlplane.ControlPlaneSettings;
import io.banyan.sidecar.SidecarSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A demo's control plane on 127.0.0.1 with free ports, its data in a temporary folder deleted on close, a generated
 * admin token; the admin client and the join tokens and settings of the demo's sidecars.
 */
public final class DemoControlPlane implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DemoControlPlane.class);
    /**
     * The demo sidecars' drain delay: on loopback the control plane's push reaches every sidecar within milliseconds,
     * so a second is plenty (a real deployment keeps the 5 s default) and the demo's end does not wait 5 s per sidecar.
     */
    public static final Duration DRAIN_DELAY = Duration.ofSeconds(1);

    private final Path dataDir;
    private final String adminToken;
    private final ControlPlane controlPlane;
    private final AdminClient admin;

    private DemoControlPlane(Path dataDir, String adminToken, ControlPlane controlPlane) {
        this.dataDir = dataDir;
        this.adminToken = adminToken;
        this.controlPlane = controlPlane;
        this.admin = new AdminClient(URI.create(adminUrl()), adminToken, Duration.ofSeconds(5));
    }

    /** Starts a control plane in a new temporary folder named {@code banyan-<name>-...}. */
    public static DemoControlPlane start(String name) throws Exception {
        return start(name, ControlPlaneSettings.DEFAULT_LOAD_REPORT_INTERVAL);
    }

    /**
     * As {@link #start(String)}, the data planes reporting their load every {@code loadReportInterval} (which is also
     * how often the migrations' guard judges): a demo's guard acts within seconds with a short one.
     */
    public static DemoControlPlane start(String name, Duration loadReportInterval) throws Exception {
        Path dataDir = Files.createTempDirectory("banyan-" + name + "-");
        String token = randomToken();
        try {
            return new DemoControlPlane(dataDir, token, ControlPlane.start(
                    ControlPlaneSettings.builder(dataDir.resolve("control-plane"))
                            .bindAddress("127.0.0.1").adminPort(0).xdsPort(0).adminToken(token)
                            .loadReportInterval(loadReportInterval).build()));
        } catch (Exception | Error e) {
            delete(dataDir);
            throw e;
        }
    }

    public AdminClient admin() {
        return admin;
    }

    public String adminToken() {
        return adminToken;
    }

    public String adminUrl() {
        return "http://127.0.0.1:" + controlPlane.adminPort();
    }

    public int xdsPort() {
        return controlPlane.xdsPort();
    }

    /** Where a demo part keeps its files. */
    public Path dataDir(String part) {
        return dataDir.resolve(part);
    }

    /** A demo sidecar of {@code service} (version v1, every port free), its data in {@code <dataDir>/<dirName>}. */
    public SidecarSettings.Builder sidecarSettings(String service, String dirName, Duration registrationTtl)
            throws IOException, InterruptedException {
        return SidecarSettings.builder(service, "127.0.0.1:" + controlPlane.xdsPort(), dataDir(dirName))
                .token(joinToken(service)).adminPort(0).inboundPort(0).outboundPort(0).version("v1")
                .registrationTtl(registrationTtl).drainDelay(DRAIN_DELAY);
    }

    /** A join token for {@code service}, created through the admin API. */
    public String joinToken(String service) throws IOException, InterruptedException {
        AdminAnswer response = admin.post("/v1/tokens", Map.of("service", service));
        String token = response.json().path("token").asText("");
        if (!response.ok() || token.isEmpty()) {
            throw new CommandFailure("cannot create a join token for " + service + ": " + response.problem(),
                    ErrorReporter.FAILURE);
        }
        return token;
    }

    /** Stops the control plane and deletes the demo's folder. */
    @Override
    public void close() {
        try {
            controlPlane.close();
        } catch (Exception e) {
            log.warn("demo: error closing the control plane", e);
        }
        delete(dataDir);
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            log.debug("demo: cannot delete {}", dir, e);
        }
    }

    private static String randomToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
