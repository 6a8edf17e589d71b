package io.banyan.sidecar.tls;

import io.banyan.api.ca.SignRequest;
import io.banyan.certs.Csr;
import io.banyan.certs.EcKeys;
import io.banyan.certs.Pem;
import io.banyan.certs.SpiffeId;
import io.banyan.sidecar.metrics.MetricNames;
import io.banyan.sidecar.xds.ControlPlaneChannels;
import io.banyan.testkit.time.FakeClock;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The identity's control-plane half against a TLS gRPC CA on loopback: pinning, first request, renewal. */
class MeshIdentityIT {

    private static final String ORDERS_ID = "spiffe://mesh.local/svc/orders";

    private final TestCa ca = new TestCa();
    private final TestCaServer server = new TestCaServer(ca);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        server.close();
    }

    private String token(TestCa pinned) {
        return "tok1.s3cret." + ControlPlaneTrust.fingerprint(pinned.root().root());
    }

    private ControlPlaneChannels channels(MeshIdentity identity) {
        ControlPlaneChannels channels = new ControlPlaneChannels("127.0.0.1", server.port(), identity.channelCredentials());
        resources.add(channels);
        return channels;
    }

    @Test
    void firstCertificateIsObtainedWithTheTokenOverTheChannelPinnedByIt() throws Exception {
        MeshIdentity identity = new MeshIdentity("orders", TestCa.TRUST_DOMAIN, token(ca), registry, Clock.systemUTC());
        resources.add(identity);

        identity.start(channels(identity));
        WorkloadIdentity first = identity.firstIdentity().get(10, TimeUnit.SECONDS);

        assertThat(first.id().toString()).isEqualTo(ORDERS_ID);
        assertThat(first.trustBundle()).containsExactly(ca.root().root());
        assertThat(server.calls()).containsExactly(new TestCaServer.SignCall("Bearer " + token(ca), Optional.empty()));
        assertThat(identity.tls().serverContext()).isPresent();
        double expiry = registry.get(MetricNames.CERTIFICATE_EXPIRY).tag("service", "orders").gauge().value();
        assertThat(expiry).isBetween(3000.0, 3600.0);
    }

    @Test
    void aControlPlaneOfAnotherCaIsRefused() {
        MeshIdentity identity = new MeshIdentity("orders", TestCa.TRUST_DOMAIN, token(new TestCa()), registry,
                Clock.systemUTC());
        resources.add(identity);
        GrpcCertificateSigner signer = new GrpcCertificateSigner(channels(identity), token(ca));

        assertThatThrownBy(() -> signer.sign(csr(), false).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(StatusRuntimeException.class)
                .hasMessageContaining("UNAVAILABLE");
        assertThat(server.calls()).isEmpty();
    }

    @Test
    void renewalPresentsTheCurrentCertificateAndNoToken() {
        WorkloadKeyManager keyManager = new WorkloadKeyManager();
        ControlPlaneTrust trust = new ControlPlaneTrust(ControlPlaneTrust.fingerprint(ca.root().root()), TestCa.TRUST_DOMAIN,
                List::of, Clock.systemUTC());
        ControlPlaneChannels channels = new ControlPlaneChannels("127.0.0.1", server.port(),
                io.grpc.TlsChannelCredentials.newBuilder().trustManager(trust).keyManager(keyManager).build());
        resources.add(channels);
        FakeClock clock = new FakeClock(Instant.now());
        ManualScheduler scheduler = new ManualScheduler(clock);
        CertificateManager manager = new CertificateManager(new SpiffeId(TestCa.TRUST_DOMAIN, "orders"),
                new GrpcCertificateSigner(channels, token(ca)), scheduler, clock, RenewalPolicy.DEFAULT, new Random());
        manager.addListener(keyManager);
        manager.start();
        WorkloadIdentity first = manager.firstIdentity().orTimeout(10, TimeUnit.SECONDS).join();
        await().atMost(Duration.ofSeconds(5)).until(() -> scheduler.scheduled().size() == 1);

        scheduler.runNext();
        await().atMost(Duration.ofSeconds(10)).until(() -> manager.current().orElseThrow() != first);

        assertThat(server.calls()).hasSize(2);
        assertThat(server.calls().get(1)).isEqualTo(new TestCaServer.SignCall(null, Optional.of(ORDERS_ID)));
    }

    private static SignRequest csr() {
        return new SignRequest(Pem.writeCsr(Csr.create(EcKeys.generate(), new SpiffeId(TestCa.TRUST_DOMAIN, "orders"))));
    }
}
