package io.banyan.controlplane.xds;

import io.banyan.certs.CertificateAuthority;
import io.banyan.controlplane.ca.RequireWorkloadIdentity;
import io.banyan.controlplane.ca.TestTls;
import io.banyan.controlplane.xds.snapshot.Checks;
import io.banyan.controlplane.xds.snapshot.SnapshotBuilder;
import io.micrometer.core.instrument.MeterRegistry;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The gRPC port's xDS side wired as {@code ControlPlane} wires it — publisher, directory, node admission, the
 * workload-identity interceptor and TLS from {@code ca} — on 127.0.0.1, port 0.
 */
final class TestXdsServer implements AutoCloseable {

    final XdsMetrics metrics;
    final SnapshotPublisher publisher;
    final SidecarDirectory directory = new SidecarDirectory(Clock.systemUTC());
    final NodeAdmission admission;
    final XdsServer server;

    private TestXdsServer(CertificateAuthority ca, MeterRegistry meters, XdsLimits limits) throws IOException {
        metrics = new XdsMetrics(meters);
        publisher = new SnapshotPublisher(new SnapshotBuilder("mesh.local"), Checks.guard(), metrics);
        admission = new NodeAdmission(limits, Clock.systemUTC(), publisher::forget);
        metrics.trackedNodes(admission);
        server = XdsServer.start(new XdsServerSettings("127.0.0.1", 0, TestTls.server(ca), Duration.ofMillis(200)),
                new XdsStreamCallbacks(publisher, directory, admission, metrics), publisher.cache(),
                new RequireWorkloadIdentity(TestTls.peers(ca), metrics.unauthenticated()), List.of());
    }

    static TestXdsServer start(CertificateAuthority ca, MeterRegistry meters, XdsLimits limits) throws IOException {
        return new TestXdsServer(ca, meters, limits);
    }

    static TestXdsServer start(CertificateAuthority ca, MeterRegistry meters) throws IOException {
        return start(ca, meters, XdsLimits.DEFAULT);
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
        admission.close();
        publisher.close();
    }
}
