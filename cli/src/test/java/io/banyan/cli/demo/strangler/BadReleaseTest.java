package io.banyan.cli.demo.strangler;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The bad release goes out after orders has all of /orders, as the migration the demo describes. */
class BadReleaseTest {

    @Test
    void itGoesOutOnceOrdersHasAllOfOrdersAndTheMonolithStillRuns() {
        StranglerPlan plan = StranglerPlan.chapter();

        int after = BadRelease.after(plan);

        assertThat(after).isEqualTo(2);
        assertThat(plan.steps().get(after).title()).isEqualTo("orders takes all of /orders");
        assertThat(BadRelease.after(StranglerPlan.of(List.of(new PathShare("/users", "users", 0)))))
                .as("a plan without /orders to orders").isEqualTo(-1);
    }

    @Test
    void itsMigrationIsGuardedAndAtTheGateway() throws Exception {
        assertThat(new ObjectMapper().writeValueAsString(BadRelease.migration("edge"))).isEqualTo("{"
                + "\"name\":\"orders-next\",\"gateway\":\"edge\",\"match\":{\"path\":{\"prefix\":\"/orders\"}},"
                + "\"from\":\"orders\",\"to\":\"orders-next\",\"steps\":[25,100],"
                + "\"guard\":{\"maxErrorRate\":0.02,\"minRequests\":50,\"window\":\"30s\"}}");
        assertThat(BadRelease.title()).isEqualTo("a bad release of orders (orders-next: 1 answer in 5 is a 503) goes "
                + "out as a guarded migration");
    }
}
