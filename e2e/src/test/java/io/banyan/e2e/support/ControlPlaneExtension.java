package io.banyan.e2e.support;

import io.banyan.controlplane.ControlPlane;
import io.banyan.controlplane.ControlPlaneSettings;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * Starts a real control plane on 127.0.0.1 (ports picked by the OS, a fresh data directory) before
 * each test and stops it after. {@link #restart()} stops it and starts it again on the same ports and
 * data directory, as an operator's restart would.
 */
public final class ControlPlaneExtension implements BeforeEachCallback, AfterEachCallback {

    public static final String ADMIN_TOKEN = "test-admin-token";

    private Path dataDir;
    private ControlPlane controlPlane;
    private AdminClient admin;
    private volatile UnaryOperator<ControlPlaneSettings> customizer;

    /** A control plane with the test defaults (its own CA in the data directory, 1h certificates). */
    public ControlPlaneExtension() {
        this(UnaryOperator.identity());
    }

    /**
     * A control plane whose settings are the test defaults passed through {@code customizer} (CA directory,
     * extra trust roots, certificate lifetime); the ports and data directory it is given must be kept.
     */
    public ControlPlaneExtension(UnaryOperator<ControlPlaneSettings> customizer) {
        this.customizer = Objects.requireNonNull(customizer, "customizer");
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        dataDir = Files.createTempDirectory("banyan-cp-");
        controlPlane = ControlPlane.start(settings(0, 0));
        admin = new AdminClient("http://127.0.0.1:" + controlPlane.adminPort(), ADMIN_TOKEN);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stop();
        deleteRecursively(dataDir);
    }

    public AdminClient admin() {
        return admin;
    }

    /** host:port of the gRPC endpoint (xDS, registration), for {@code --control-plane}. */
    public String grpcAddress() {
        return "127.0.0.1:" + controlPlane.xdsPort();
    }

    public ControlPlane controlPlane() {
        return controlPlane;
    }

    /** The control plane's data directory (its store and, by default, its CA in {@code ca/}). */
    public Path dataDir() {
        return dataDir;
    }

    /** Settings for the next {@link #start}/{@link #restart}, as an operator changes flags before a restart. */
    public void reconfigure(UnaryOperator<ControlPlaneSettings> next) {
        this.customizer = Objects.requireNonNull(next, "next");
    }

    /** Stops the control plane (as if it crashed or was restarted). */
    public void stop() {
        if (controlPlane != null) {
            controlPlane.close();
        }
    }

    /** Starts it again on the same ports and data directory; waits until the ports can be bound again. */
    public void start(int adminPort, int xdsPort) {
        await().atMost(Duration.ofSeconds(20)).pollInSameThread().ignoreExceptions().until(() -> {
            controlPlane = ControlPlane.start(settings(adminPort, xdsPort));
            return true;
        });
    }

    public void restart() {
        int adminPort = controlPlane.adminPort();
        int xdsPort = controlPlane.xdsPort();
        stop();
        start(adminPort, xdsPort);
    }

    private ControlPlaneSettings settings(int adminPort, int xdsPort) {
        return customizer.apply(ControlPlaneSettings.builder(dataDir).bindAddress("127.0.0.1").adminPort(adminPort)
                .xdsPort(xdsPort).trustDomain("mesh.local").adminToken(ADMIN_TOKEN)
                .sweepInterval(Duration.ofMillis(100)).build());
    }

    static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
