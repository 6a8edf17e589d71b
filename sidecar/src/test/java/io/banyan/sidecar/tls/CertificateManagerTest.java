package io.banyan.sidecar.tls;

import io.banyan.api.ca.SignRequest;
import io.banyan.api.ca.SignResponse;
import io.banyan.certs.CertificateAuthority;
import io.banyan.certs.Csr;
import io.banyan.certs.Pem;
import io.banyan.certs.SpiffeId;
import io.banyan.certs.Usage;
import io.banyan.testkit.time.FakeClock;
import org.junit.jupiter.api.Test;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;

class CertificateManagerTest {

    private static final SpiffeId ORDERS = new SpiffeId(TestCa.TRUST_DOMAIN, "orders");

    private final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final CertificateAuthority root = CertificateAuthority.createRoot(TestCa.TRUST_DOMAIN, Duration.ofDays(30), clock);
    private final List<Boolean> renewals = new ArrayList<>();
    private Duration lifetime = Duration.ofHours(1);
    private final List<WorkloadIdentity> announced = new ArrayList<>();
    private int failuresToInject;

    /** Signs with the test CA on the fake clock, one hour; fails while {@code failuresToInject} > 0. */
    private CompletableFuture<SignResponse> sign(SignRequest request, boolean renewal) {
        renewals.add(renewal);
        if (failuresToInject > 0) {
            failuresToInject--;
            return CompletableFuture.failedFuture(new IllegalStateException("control plane unavailable"));
        }
        X509Certificate leaf = root.issue(Pem.readCsr(request.csrPem()), ORDERS, lifetime, Usage.BOTH);
        return CompletableFuture.completedFuture(new SignResponse(Pem.writeCertificate(leaf),
                Pem.writeCertificate(root.root()), leaf.getNotAfter().toInstant().toString()));
    }

    private CertificateManager manager(RandomGenerator random) {
        CertificateManager manager = new CertificateManager(ORDERS, this::sign, scheduler, clock, RenewalPolicy.DEFAULT, random);
        manager.addListener(announced::add);
        return manager;
    }

    @Test
    void firstCertificateIsForOurKeyAndIdentityAndRenewalIsAtHalfLife() {
        CertificateManager manager = manager(fixed(0.5));
        manager.start();

        WorkloadIdentity first = manager.firstIdentity().join();
        assertThat(renewals).containsExactly(false);
        assertThat(first.id()).isEqualTo(ORDERS);
        assertThat(first.certificate().getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(announced).containsExactly(first);
        // notBefore is backdated by the CA (clock skew); half-life counts from now, when it was issued
        Instant halfLife = clock.instant().plus(Duration.between(clock.instant(), first.notAfter()).dividedBy(2));
        assertThat(manager.nextRenewal()).hasValue(halfLife);
        assertThat(scheduler.scheduled()).hasSize(1);
    }

    @Test
    void renewsAtHalfLifeWithANewKeyAndAnnouncesIt() {
        CertificateManager manager = manager(fixed(0.5));
        manager.start();
        WorkloadIdentity first = manager.firstIdentity().join();

        scheduler.runNext();

        assertThat(renewals).containsExactly(false, true);
        WorkloadIdentity second = manager.current().orElseThrow();
        assertThat(second).isNotSameAs(first);
        assertThat(second.certificate().getPublicKey()).isNotEqualTo(first.certificate().getPublicKey());
        assertThat(second.notAfter()).isAfter(first.notAfter());
        assertThat(announced).containsExactly(first, second);
        assertThat(clock.instant()).isBefore(first.notAfter());
    }

    @Test
    void jitterSpreadsTheRenewalAroundHalfLife() {
        CertificateManager early = manager(fixed(0.0));
        early.start();
        WorkloadIdentity identity = early.firstIdentity().join();
        Duration remaining = Duration.between(clock.instant(), identity.notAfter());

        assertThat(early.nextRenewal()).hasValue(clock.instant().plusMillis(Math.round(remaining.toMillis() * 0.45)));
        Duration lifetime = Duration.between(identity.notBefore(), identity.notAfter());
        assertThat(RenewalPolicy.DEFAULT.renewAt(identity.notBefore(), identity.notAfter(), 0.999))
                .isBefore(identity.notBefore().plusMillis(Math.round(lifetime.toMillis() * 0.55)))
                .isAfter(identity.notBefore().plus(lifetime.dividedBy(2)));
    }

    @Test
    void aCertificateShorterThanTheCaBackdateStillRenewsAtHalfItsRemainingLife() {
        lifetime = Duration.ofSeconds(30);
        CertificateManager manager = manager(fixed(0.5));
        manager.start();

        WorkloadIdentity first = manager.firstIdentity().join();

        assertThat(first.notBefore()).isBefore(clock.instant().minusSeconds(30));
        assertThat(manager.nextRenewal()).hasValue(clock.instant().plusSeconds(15));
    }

    @Test
    void failedRenewalRetriesWithBackoffWhileTheOldCertificateServes() {
        CertificateManager manager = manager(fixed(0.5));
        manager.start();
        WorkloadIdentity first = manager.firstIdentity().join();
        failuresToInject = 2;

        scheduler.runNext(); // renewal fails
        assertThat(manager.current()).hasValue(first);
        Duration firstRetry = scheduler.scheduled().get(0).delay();
        scheduler.runNext(); // retry fails
        Duration secondRetry = scheduler.scheduled().get(0).delay();
        scheduler.runNext(); // retry succeeds

        assertThat(firstRetry).isBetween(Duration.ofMillis(800), Duration.ofMillis(1200));
        assertThat(secondRetry).isBetween(Duration.ofMillis(1600), Duration.ofMillis(2400));
        assertThat(renewals).containsExactly(false, true, true, true);
        assertThat(manager.current().orElseThrow()).isNotSameAs(first);
        assertThat(announced).hasSize(2);
    }

    @Test
    void firstRequestIsRetriedUntilItSucceeds() {
        failuresToInject = 1;
        CertificateManager manager = manager(fixed(0.5));
        manager.start();
        assertThat(manager.firstIdentity()).isNotDone();

        scheduler.runNext();

        assertThat(manager.firstIdentity()).isCompleted();
        assertThat(renewals).containsExactly(false, false);
    }

    @Test
    void csrAsksForOurSpiffeId() {
        List<SignRequest> requests = new ArrayList<>();
        CertificateManager manager = new CertificateManager(ORDERS, (request, renewal) -> {
            requests.add(request);
            return sign(request, renewal);
        }, scheduler, clock, RenewalPolicy.DEFAULT, fixed(0.5));
        manager.start();
        manager.firstIdentity().join();

        assertThat(Csr.parse(Pem.readCsr(requests.get(0).csrPem())).requestedId()).hasValue(ORDERS);
    }

    @Test
    void aCertificateForAnotherKeyIsRejected() {
        CertificateAuthority ca = root;
        CertificateManager manager = new CertificateManager(ORDERS, (request, renewal) -> {
            X509Certificate foreignKey = ca.issue(io.banyan.certs.EcKeys.generate().getPublic(), ORDERS);
            return CompletableFuture.completedFuture(new SignResponse(Pem.writeCertificate(foreignKey),
                    Pem.writeCertificate(ca.root()), foreignKey.getNotAfter().toInstant().toString()));
        }, scheduler, clock, RenewalPolicy.DEFAULT, fixed(0.5));
        manager.start();

        assertThat(manager.current()).isEmpty();
        assertThat(manager.firstIdentity()).isNotDone();
        assertThat(scheduler.scheduled()).hasSize(1); // a retry
    }

    private static RandomGenerator fixed(double value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public double nextDouble() {
                return value;
            }
        };
    }
}
