package io.banyan.e2e;

import io.banyan.certs.CaFiles;
import io.banyan.certs.CertificateAuthority;
import io.banyan.certs.Pem;
import io.banyan.certs.Usage;
import io.banyan.e2e.support.MeshClient;
import io.banyan.e2e.support.PresentedRoot;
import io.banyan.e2e.support.Replicas;
import io.banyan.e2e.support.SidecarExtension;
import io.banyan.e2e.support.SteadyTraffic;
import io.banyan.e2e.support.TestCertificates;
import io.banyan.e2e.support.TlsTestClient;
import io.banyan.sidecar.Sidecar;
import io.banyan.testkit.etcd.EtcdCluster;
import io.banyan.testkit.upstream.AppUpstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A root rotation across replicas, caught in the middle of its second step: one replica still signs with root A (B in
 * its bundle: step 1), the other already signs with root B (A in its bundle: step 2). The sidecars joined with tokens
 * pinning A. The replica on A is killed with SIGKILL under steady load through two sidecars: they move to the replica
 * on B, trust its serving certificate through the bundle of both roots, renew their certificates from B, and not one
 * request fails.
 */
class ReplicaRootRotationIT {

    private final Path work = createTempDirectory();
    private final CertificateAuthority rootA = CertificateAuthority.createRoot("mesh.local", Duration.ofDays(30),
            Clock.systemUTC());
    private final CertificateAuthority rootB = CertificateAuthority.createRoot("mesh.local", Duration.ofDays(30),
            Clock.systemUTC());
    private final AtomicReference<Replicas> replicas = new AtomicReference<>();

    @RegisterExtension
    final SidecarExtension sidecars = new SidecarExtension(() -> replicas.get().controlPlaneList(),
            () -> replicas.get().get(0).admin());

    @AfterEach
    void deleteWork() throws IOException {
        try (Stream<Path> paths = Files.walk(work)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Test
    void sidecarsMoveFromAReplicaOnTheOldRootToOneOnTheNewWithoutAFailedRequest() throws Exception {
        assumeTrue(EtcdCluster.available(), "etcd-server is not installed");
        CaFiles.save(rootA, work.resolve("ca-a"));
        CaFiles.save(rootB, work.resolve("ca-b"));
        Path rootAPem = Files.writeString(work.resolve("root-a.pem"), Pem.writeCertificate(rootA.root()));
        Path rootBPem = Files.writeString(work.resolve("root-b.pem"), Pem.writeCertificate(rootB.root()));
        try (EtcdCluster etcd = EtcdCluster.start(1);
             Replicas started = Replicas.startEach(etcd, List.of(
                     List.of("--ca-dir", work.resolve("ca-a").toString(), "--extra-trust-roots", rootBPem.toString()),
                     List.of("--ca-dir", work.resolve("ca-b").toString(), "--extra-trust-roots", rootAPem.toString())),
                     "--cert-ttl", "30s", "--sweep-interval", "100ms", "--heartbeat-exchange", "200ms");
             AppUpstream ordersApp = AppUpstream.start("orders-1");
             AppUpstream webApp = AppUpstream.start("web-1")) {
            replicas.set(started);
            Sidecar orders = sidecars.forApp("orders", ordersApp.port(), Duration.ofSeconds(10));
            Sidecar web = sidecars.forAppCalling("web", webApp.port(), "orders");
            await().atMost(Duration.ofSeconds(30)).until(() -> MeshClient.endpointCount(web, "orders") == 1);
            TlsTestClient signedByB = TestCertificates.issue(rootB, "probe", Duration.ofHours(1), Usage.BOTH).client();
            for (Sidecar sidecar : List.of(orders, web)) {
                assertThat(presentedIssuer(signedByB, sidecar)).as("joined through the replica on root A (the token"
                        + " pins A; the one on B cannot be trusted before the bundle is known) and trusts B").isEqualTo("A");
            }

            try (SteadyTraffic traffic = SteadyTraffic.start(web.upstreamPort("orders"), "/", 3, Duration.ofMillis(20))) {
                started.kill(0);
                for (Sidecar sidecar : List.of(orders, web)) {
                    await("sidecar on " + sidecar.inboundPort() + " presents a certificate of root B")
                            .atMost(Duration.ofSeconds(90))
                            .until(() -> "B".equals(presentedIssuer(signedByB, sidecar)));
                }
                long before = traffic.succeeded();
                await("traffic after the renewals").atMost(Duration.ofSeconds(30))
                        .until(() -> traffic.succeeded() > before + 100);
                assertThat(traffic.failures()).as("requests failed while the sidecars moved to root B").isEmpty();
            }
        }
    }

    /** Which root signed the certificate a sidecar's inbound port presents now ("A", "B", or null if none was seen). */
    private String presentedIssuer(TlsTestClient client, Sidecar sidecar) {
        return PresentedRoot.of(client, sidecar.inboundPort(), rootA, rootB);
    }

    private static Path createTempDirectory() {
        try {
            return Files.createTempDirectory("banyan-replica-roots-");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
