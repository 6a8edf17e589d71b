package io.banyan.controlplane.ca;

import io.banyan.certs.CertificateAuthority;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** When the serving certificate is renewed: at half of its remaining life, whatever the CA's backdating. */
class ServingCertificateRenewalTest {

    @Test
    void aShortCertificateIsRenewedAtHalfItsRemainingLifeNotInALoop() {
        CertificateAuthority ca = TestTls.newCa();
        try (ServingCertificate serving = new ServingCertificate(ca, Duration.ofSeconds(30), Clock.systemUTC())) {
            // notBefore is backdated a minute: half of the nominal life (45 s) lies in the past
            assertThat(serving.untilHalfLife()).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(15));
        }
    }

    @Test
    void anHourLongCertificateWaitsAboutHalfAnHour() {
        CertificateAuthority ca = TestTls.newCa();
        try (ServingCertificate serving = new ServingCertificate(ca, Duration.ofHours(1), Clock.systemUTC())) {
            assertThat(serving.untilHalfLife()).isBetween(Duration.ofMinutes(29), Duration.ofMinutes(30));
        }
    }
}
