package io.banyan.controlplane.xds.snapshot;

import io.banyan.controlplane.policy.PolicySnapshot;
import io.banyan.controlplane.policy.TrafficPolicy;
import io.banyan.controlplane.route.RouteJson;
import io.banyan.controlplane.route.RouteSnapshot;
import io.banyan.controlplane.route.ServiceRoutes;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.config.route.v3.Route;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Operator header values are literal: '%' is a percent sign and an empty value adds an empty header. */
class HeaderValuesXdsTest {

    private final SnapshotBuilder builder = new SnapshotBuilder("mesh.local");
    private final RouteCheck check = new RouteCheck(builder, new PolicyCheck(builder, new ResourceCheck()),
            PolicySnapshot::empty, RouteSnapshot::empty);

    private static ServiceRoutes orders(String body) {
        return new RouteJson().readService("orders", body.getBytes(StandardCharsets.UTF_8));
    }

    private static final String LITERAL_VALUES = """
            {"routes": [{"name": "tagged", "to": [{"service": "orders"}],
              "headers": {"request": {"add": {"x-a": "50%", "x-empty": ""}},
                          "response": {"set": {"x-b": "%DOWNSTREAM_REMOTE_ADDRESS%"}}}}]}""";

    @Test
    void percentSignsAreEscapedAndEmptyValuesKept() {
        Route route = OperatorRouteMapper.routes(orders(LITERAL_VALUES).routes().get(0), TrafficPolicy.DEFAULT).get(0);

        assertThat(route.getRequestHeadersToAddList()).extracting(option -> option.getHeader().getKey(),
                option -> option.getHeader().getValue(), HeaderValueOption::getKeepEmptyValue).containsExactly(
                org.assertj.core.groups.Tuple.tuple("x-a", "50%%", true),
                org.assertj.core.groups.Tuple.tuple("x-empty", "", true));
        assertThat(route.getResponseHeadersToAdd(0).getHeader().getValue())
                .isEqualTo("%%DOWNSTREAM_REMOTE_ADDRESS%%");
    }

    @Test
    void theSidecarsAcceptLiteralPercentSignsAndEmptyValues() {
        assertThat(check.errors(orders(LITERAL_VALUES))).isEqualTo(List.of());
    }
}
