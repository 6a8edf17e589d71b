package io.banyan.e2e.support;

import io.banyan.certs.CaFiles;
import io.banyan.certs.CertificateAuthority;
import io.banyan.testkit.etcd.EtcdCluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;

/**
 * Control-plane replicas as real processes on one etcd, as an operator runs them: the same CA directory, the same
 * app-config key and admin token on each, {@code --store etcd}. {@link #leader} asks each live replica's
 * {@code /metrics} which one leads; {@link #kill} is a SIGKILL.
 */
public final class Replicas implements AutoCloseable {

    private final Path shared;
    private final List<ControlPlaneProcess> processes = new ArrayList<>();

    private Replicas(Path shared) {
        this.shared = shared;
    }

    /**
     * Starts {@code count} replicas on {@code etcd}, each with {@code options} after the shared ones (one CA made here
     * for all of them).
     */
    public static Replicas start(EtcdCluster etcd, int count, String... options) {
        Path shared = createShared();
        Path ca = shared.resolve("ca");
        try {
            CaFiles.save(CertificateAuthority.createRoot("mesh.local", Duration.ofDays(30), Clock.systemUTC()), ca);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return start(shared, etcd, Collections.nCopies(count, List.of("--ca-dir", ca.toString())), options);
    }

    /**
     * Starts one replica per entry of {@code each} on {@code etcd}: its own options (its {@code --ca-dir} among them:
     * replicas in the middle of a root rotation), then {@code options}; the app-config key is shared.
     */
    public static Replicas startEach(EtcdCluster etcd, List<List<String>> each, String... options) {
        return start(createShared(), etcd, each, options);
    }

    private static Replicas start(Path shared, EtcdCluster etcd, List<List<String>> each, String... options) {
        Replicas replicas = new Replicas(shared);
        try {
            for (int i = 0; i < each.size(); i++) {
                List<String> all = new ArrayList<>(List.of("--store", "etcd", "--etcd-endpoints", etcd.endpoints(),
                        "--config-key-file", shared.resolve("config.key").toString(), "--replica-name", "cp-" + i));
                all.addAll(each.get(i));
                all.addAll(List.of(options));
                replicas.processes.add(ControlPlaneProcess.start(all.toArray(String[]::new)));
            }
            return replicas;
        } catch (RuntimeException | Error e) {
            replicas.close();
            throw e;
        }
    }

    /** A temporary directory holding the app-config key every replica is given. */
    private static Path createShared() {
        try {
            Path shared = Files.createTempDirectory("banyan-replicas-");
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Path keyFile = shared.resolve("config.key");
            Files.writeString(keyFile, Base64.getEncoder().encodeToString(key));
            Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
            return shared;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ControlPlaneProcess get(int index) {
        return processes.get(index);
    }

    public int size() {
        return processes.size();
    }

    /** Every replica's gRPC endpoint, comma-joined: what a sidecar's {@code --control-plane} takes. */
    public String controlPlaneList() {
        return processes.stream().map(ControlPlaneProcess::grpcAddress).collect(Collectors.joining(","));
    }

    /** An admin client of the first replica still running. */
    public AdminClient admin() {
        return alive().stream().findFirst().map(i -> processes.get(i).admin())
                .orElseThrow(() -> new IllegalStateException("no replica runs"));
    }

    /** The indexes of the replicas still running. */
    public List<Integer> alive() {
        return IntStream.range(0, processes.size()).filter(i -> processes.get(i).isAlive()).boxed().toList();
    }

    /** The index of the one running replica that leads (its {@code banyan_store_leader} is 1); waits for one. */
    public int leader() {
        int[] found = {-1};
        await("one leading replica").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions().until(() -> {
                    List<Integer> leading = alive().stream()
                            .filter(i -> Scrape.of(processes.get(i).adminPort()).sum("banyan_store_leader", Map.of()) == 1)
                            .toList();
                    found[0] = leading.size() == 1 ? leading.get(0) : -1;
                    return found[0] >= 0;
                });
        return found[0];
    }

    /** SIGKILLs replica {@code index}. */
    public void kill(int index) throws InterruptedException {
        processes.get(index).kill();
    }

    /** What every replica printed, the killed ones too. */
    public List<String> outputs() {
        return processes.stream().map(ControlPlaneProcess::output).toList();
    }

    @Override
    public void close() {
        for (ControlPlaneProcess process : processes) {
            try {
                process.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        ControlPlaneExtension.deleteRecursively(shared);
    }
}
