package io.banyan.sidecar.diagnose;

import io.banyan.dataplane.config.MeshConfig;
import io.banyan.dataplane.config.TrafficDirection;
import io.banyan.sidecar.core.ErrorCause;
import io.banyan.sidecar.observe.ExchangeRecord;
import io.banyan.sidecar.observe.ExchangeStart;
import io.banyan.sidecar.xds.XdsStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** What the diagnosis says of services the configuration does not have. */
class DiagnosisTest {

    private static final Instant NOW = Instant.parse("2026-12-07T23:00:00Z");

    private final RecentFailures failures = new RecentFailures(8);

    private Diagnosis diagnosis(Declared declared) {
        XdsStatus connected = new XdsStatus(true, Map.of(), Map.of(), NOW, Map.of(), Map.of(), "cp:15010", null);
        return new Diagnosis(() -> MeshConfig.EMPTY, Diagnosis.Live.NONE, () -> connected, declared, failures,
                new SimpleMeterRegistry(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private void noRoute(String requestId, String authority) {
        failures.begin(new ExchangeStart(NOW, "outbound|15001", TrafficDirection.OUTBOUND, "GET", authority, "/",
                "HTTP/1.1", new DefaultHttpHeaders())).ended(new ExchangeRecord(NOW, "outbound|15001",
                TrafficDirection.OUTBOUND, "GET", authority, "/", "HTTP/1.1", 404, ErrorCause.NO_ROUTE, 1_000, -1, 0,
                0, requestId, null, null, null, null, null, List.of()));
    }

    @Test
    void aServiceItKnowsNothingOfIsUnknown() {
        assertThat(diagnosis(Declared.NONE).service("inventory")).isEmpty();
        assertThat(diagnosis(Declared.NONE).request("nothing")).isEmpty();
    }

    @Test
    void anUndeclaredServiceWhoseRequestsFailedNoRouteIsExplainedWithTheirIds() {
        noRoute("r-1", "inventory:15001");
        noRoute("r-2", "other");

        ServiceWhy why = diagnosis(Declared.NONE).service("inventory").orElseThrow();

        assertThat(why.scope()).isEqualTo(new ServiceWhy.Scope(false, "not declared", false));
        assertThat(why.failures().recent()).extracting(ServiceWhy.RecentFailure::requestId).containsExactly("r-1");
        assertThat(why.verdict()).isEqualTo("inventory is not declared by this sidecar (start it with --upstream "
                + "inventory) and is not in its configuration: requests for it are answered 404 no_route. Recent "
                + "requests for it failed: 1 no_route (no route of this sidecar matches the request's host and path; "
                + "request ids r-1).");
    }

    @Test
    void aDeclaredServiceWithoutAClusterIsSaidToHaveNoneFromTheControlPlane() {
        ServiceWhy why = diagnosis(new Declared(Map.of(), Set.of("orders"), false, false)).service("orders")
                .orElseThrow();

        assertThat(why.verdict()).startsWith("orders is declared (shared outbound port) but the configuration has no "
                + "cluster for it");
        assertThat(why.config().controlPlane()).isEqualTo("cp:15010");
    }

    @Test
    void aGatewaySaysNoRouteOfItsOwnLeadsThere() {
        noRoute("g-1", "orders");

        ServiceWhy why = diagnosis(new Declared(Map.of(), Set.of(), false, true)).service("orders").orElseThrow();

        assertThat(why.verdict()).startsWith("orders is not in this gateway's configuration: no gateway route leads "
                + "to it");
        assertThat(WhyText.of(why)).contains("declared        no", "recent          g-1 at ");
    }
}
