package io.banyan.sidecar.tls;

import io.banyan.certs.Usage;
import io.banyan.sidecar.metrics.MetricNames;
import io.banyan.testkit.time.FakeClock;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** One gauge per root of the current bundle, reading the time left; a root that left the bundle loses its gauge. */
class TrustRootExpiryTest {

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final TestCa ca = new TestCa();
    private final TestCa next = new TestCa();

    @Test
    void eachRootOfTheBundleGetsAGaugeOfTheSecondsItHasLeft() {
        X509Certificate root = ca.bundle().get(0);
        FakeClock clock = new FakeClock(root.getNotAfter().toInstant().minus(Duration.ofDays(10)));
        TrustRootExpiry expiry = new TrustRootExpiry(registry, "orders", clock);

        expiry.onIdentity(identityTrusting(ca.bundle(), next.bundle()));

        assertThat(registry.find(MetricNames.TRUST_ROOT_EXPIRY).gauges()).hasSize(2);
        Gauge gauge = registry.get(MetricNames.TRUST_ROOT_EXPIRY)
                .tag("root", ControlPlaneTrust.fingerprint(root).substring(0, 16)).gauge();
        assertThat(gauge.value()).isEqualTo(Duration.ofDays(10).toSeconds());
        clock.advance(Duration.ofDays(1));
        assertThat(gauge.value()).isEqualTo(Duration.ofDays(9).toSeconds());
    }

    @Test
    void aRootThatLeftTheBundleLosesItsGauge() {
        TrustRootExpiry expiry = new TrustRootExpiry(registry, "orders", new FakeClock());
        expiry.onIdentity(identityTrusting(ca.bundle(), next.bundle()));

        expiry.onIdentity(identityTrusting(next.bundle()));

        assertThat(registry.find(MetricNames.TRUST_ROOT_EXPIRY).gauges()).singleElement()
                .satisfies(gauge -> assertThat(gauge.getId().getTag("root"))
                        .isEqualTo(ControlPlaneTrust.fingerprint(next.bundle().get(0)).substring(0, 16)));
    }

    @SafeVarargs
    private WorkloadIdentity identityTrusting(List<X509Certificate>... bundles) {
        List<X509Certificate> roots = new ArrayList<>();
        for (List<X509Certificate> bundle : bundles) {
            roots.addAll(bundle);
        }
        return ca.identity("orders", Usage.BOTH, Duration.ZERO, Duration.ofHours(1), roots);
    }
}
