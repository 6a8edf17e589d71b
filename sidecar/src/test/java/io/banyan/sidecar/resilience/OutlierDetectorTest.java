package io.banyan.sidecar.resilience;

import io.banyan.dataplane.config.Endpoint;
import io.banyan.dataplane.config.OutlierSettings;
import io.banyan.primitives.time.Ticker;
import io.banyan.sidecar.metrics.MetricNames;
import io.banyan.testkit.time.FakeClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OutlierDetectorTest {

    private final FakeClock clock = new FakeClock();
    private final Ticker ticker = clock::nanoTime;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<String> events = new ArrayList<>();
    private final OutlierListener listener = new OutlierListener() {
        @Override
        public void onEjected(Endpoint endpoint, OutlierDetector.Reason reason, Duration ejectionTime) {
            events.add("ejected " + endpoint.host() + " " + reason.token() + " " + ejectionTime.toSeconds() + "s");
        }

        @Override
        public void onUnejected(Endpoint endpoint) {
            events.add("back " + endpoint.host());
        }
    };

    private static List<Endpoint> endpoints(int count) {
        List<Endpoint> result = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            result.add(new Endpoint("10.0.0." + i, 8080, 1, "a", false, null));
        }
        return result;
    }

    private OutlierDetector detector(OutlierSettings settings, List<Endpoint> endpoints) {
        OutlierDetector detector = new OutlierDetector(settings, ticker, new ResilienceMetrics(registry, "payments"), listener);
        detector.updateEndpoints(endpoints);
        return detector;
    }

    private double ejections(String reason) {
        return registry.get(MetricNames.OUTLIER_EJECTIONS).tag("reason", reason).counter().count();
    }

    @Test
    void fiveConsecutive5xx_eject_for30s_thenTheSweepBringsItBack() {
        List<Endpoint> hosts = endpoints(10);
        OutlierDetector detector = detector(OutlierSettings.DEFAULT, hosts);
        Endpoint bad = hosts.get(0);
        for (int i = 0; i < 4; i++) {
            detector.onResponse(bad, 503);
        }
        detector.onResponse(bad, 200);
        for (int i = 0; i < 4; i++) {
            detector.onResponse(bad, 500);
        }
        assertThat(detector.isEjected(bad)).as("a success reset the streak").isFalse();
        detector.onLocalFailure(bad);
        assertThat(detector.isEjected(bad)).isTrue();
        assertThat(events).containsExactly("ejected 10.0.0.1 consecutive_5xx 30s");
        assertThat(ejections("consecutive_5xx")).isEqualTo(1.0);
        assertThat(registry.get(MetricNames.OUTLIER_EJECTED).gauge().value()).isEqualTo(1.0);
        clock.advance(Duration.ofSeconds(30));
        assertThat(detector.isEjected(bad)).isFalse();
        detector.evaluate();
        assertThat(events).endsWith("back 10.0.0.1");
        assertThat(registry.get(MetricNames.OUTLIER_EJECTED).gauge().value()).isZero();
    }

    @Test
    void theEjectionTimeGrowsWithEachEjection_andShrinksWhileHealthy() {
        List<Endpoint> hosts = endpoints(10);
        OutlierDetector detector = detector(OutlierSettings.DEFAULT, hosts);
        Endpoint bad = hosts.get(0);
        for (int round = 1; round <= 2; round++) {
            for (int i = 0; i < 5; i++) {
                detector.onResponse(bad, 500);
            }
            clock.advance(Duration.ofSeconds(30L * round));
            detector.evaluate();
        }
        assertThat(events).containsExactly("ejected 10.0.0.1 consecutive_5xx 30s", "back 10.0.0.1",
                "ejected 10.0.0.1 consecutive_5xx 60s", "back 10.0.0.1");
        detector.evaluate();
        detector.evaluate();
        for (int i = 0; i < 5; i++) {
            detector.onResponse(bad, 500);
        }
        assertThat(events).last().isEqualTo("ejected 10.0.0.1 consecutive_5xx 30s");
    }

    @Test
    void theEjectionTimeIsCappedAtMaxEjectionTime() {
        List<Endpoint> hosts = endpoints(10);
        OutlierSettings settings = new OutlierSettings(5, 0, Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofSeconds(45), 10, false, 5, 100, 1900);
        OutlierDetector detector = detector(settings, hosts);
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 5; i++) {
                detector.onResponse(hosts.get(0), 500);
            }
            clock.advance(Duration.ofSeconds(60));
            detector.evaluate();
        }
        assertThat(events).filteredOn(e -> e.startsWith("ejected"))
                .containsExactly("ejected 10.0.0.1 consecutive_5xx 30s", "ejected 10.0.0.1 consecutive_5xx 45s",
                        "ejected 10.0.0.1 consecutive_5xx 45s");
    }

    @Test
    void maxEjectionPercent10_ofTenHosts_ejectsOne_butOfTwentyHostsTwo() {
        List<Endpoint> ten = endpoints(10);
        OutlierDetector small = detector(OutlierSettings.DEFAULT, ten);
        for (int host = 0; host < 3; host++) {
            for (int i = 0; i < 5; i++) {
                small.onResponse(ten.get(host), 502);
            }
        }
        assertThat(small.ejectedCount()).isEqualTo(1);
        List<Endpoint> twenty = endpoints(20);
        OutlierDetector large = detector(OutlierSettings.DEFAULT, twenty);
        for (int host = 0; host < 3; host++) {
            for (int i = 0; i < 5; i++) {
                large.onResponse(twenty.get(host), 502);
            }
        }
        assertThat(large.ejectedCount()).isEqualTo(2);
        OutlierSettings zero = new OutlierSettings(5, 0, Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofSeconds(300), 0, false, 5, 100, 1900);
        OutlierDetector atLeastOne = detector(zero, ten);
        for (int i = 0; i < 5; i++) {
            atLeastOne.onResponse(ten.get(0), 500);
        }
        assertThat(atLeastOne.ejectedCount()).as("one host may always be ejected").isEqualTo(1);
    }

    @Test
    void consecutiveGatewayFailures_ejectWhenEnabled_butOther5xxDoNotCount() {
        List<Endpoint> hosts = endpoints(10);
        OutlierSettings settings = new OutlierSettings(0, 3, Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofSeconds(300), 10, false, 5, 100, 1900);
        OutlierDetector detector = detector(settings, hosts);
        detector.onResponse(hosts.get(0), 502);
        detector.onResponse(hosts.get(0), 500);
        detector.onResponse(hosts.get(0), 503);
        detector.onResponse(hosts.get(0), 504);
        assertThat(detector.isEjected(hosts.get(0))).isFalse();
        detector.onLocalFailure(hosts.get(0));
        assertThat(detector.isEjected(hosts.get(0))).isTrue();
        assertThat(ejections("consecutive_gateway_failure")).isEqualTo(1.0);
    }

    @Test
    void successRate_ejectsTheHostFarBelowTheMean_atTheSweep_onlyWithEnoughVolumeAndHosts() {
        List<Endpoint> hosts = endpoints(6);
        OutlierDetector detector = detector(OutlierSettings.DEFAULT, hosts);
        for (int i = 0; i < 100; i++) {
            for (int host = 0; host < 5; host++) {
                detector.onResponse(hosts.get(host), i % 50 == 0 ? 500 : 200);
            }
            detector.onResponse(hosts.get(5), i % 2 == 0 ? 500 : 200);
        }
        assertThat(detector.isEjected(hosts.get(5))).isFalse();
        detector.evaluate();
        assertThat(detector.isEjected(hosts.get(5))).isTrue();
        assertThat(detector.ejectedCount()).isEqualTo(1);
        assertThat(ejections("success_rate")).isEqualTo(1.0);

        List<Endpoint> few = endpoints(4);
        OutlierDetector tooFewHosts = detector(OutlierSettings.DEFAULT, few);
        for (int i = 0; i < 100; i++) {
            for (int host = 0; host < 3; host++) {
                tooFewHosts.onResponse(few.get(host), 200);
            }
            tooFewHosts.onResponse(few.get(3), i % 2 == 0 ? 500 : 200);
        }
        tooFewHosts.evaluate();
        assertThat(tooFewHosts.ejectedCount()).isZero();
    }

    @Test
    void endpointsThatLeaveAreForgotten_andUnknownOnesAreIgnored() {
        List<Endpoint> hosts = endpoints(3);
        OutlierDetector detector = detector(OutlierSettings.DEFAULT, hosts);
        for (int i = 0; i < 5; i++) {
            detector.onResponse(hosts.get(0), 500);
        }
        detector.updateEndpoints(hosts.subList(1, 3));
        assertThat(detector.isEjected(hosts.get(0))).isFalse();
        assertThat(detector.ejectedCount()).isZero();
        Endpoint stranger = new Endpoint("192.0.2.1", 80, 1, "", false, null);
        detector.onLocalFailure(stranger);
        assertThat(detector.isEjected(stranger)).isFalse();
    }
}
