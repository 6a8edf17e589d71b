package io.banyan.cli.demo.strangler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The chapter's steps, who may serve each path in each, and the gateway routes body each step sends. */
class StranglerPlanTest {

    private final StranglerPlan plan = StranglerPlan.chapter();

    @Test
    void eachPathMovesAtTenPercentThenWholeThenTheMonolithIsRetired() {
        assertThat(plan.steps()).extracting(MigrationStep::title).containsExactly(
                "the gateway routes everything to the monolith",
                "orders takes 10 % of /orders", "orders takes all of /orders",
                "users takes 10 % of /users", "users takes all of /users",
                "payments takes 10 % of /payments", "payments takes all of /payments",
                "the monolith is deregistered and stopped");
        assertThat(plan.paths()).containsExactly("/orders", "/users", "/payments");
        assertThat(plan.services()).containsExactly("orders", "users", "payments");
        assertThat(plan.steps()).extracting(MigrationStep::monolithRegistered)
                .containsExactly(true, true, true, true, true, true, true, false);
    }

    @Test
    void serversPerPathFollowTheSplit() {
        MigrationStep canary = plan.steps().get(1);
        MigrationStep whole = plan.steps().get(2);

        assertThat(canary.servers("/orders")).isEqualTo(Set.of("orders", "monolith"));
        assertThat(canary.servers("/users")).isEqualTo(Set.of("monolith"));
        assertThat(whole.servers("/orders")).isEqualTo(Set.of("orders"));
        assertThat(plan.steps().get(7).servers("/payments")).isEqualTo(Set.of("payments"));
        assertThatThrownBy(() -> whole.servers("/nope")).hasMessage("path: /nope (expected: one of the step's paths)");
    }

    @Test
    void theMonolithCannotBeRetiredWhileAPathIsOnIt() {
        assertThatThrownBy(() -> new MigrationStep("x", List.of(new PathShare("/orders", "orders", 10)), false))
                .hasMessageStartingWith("shares: a path still on the monolith");
        assertThatThrownBy(() -> new PathShare("/orders", "orders", 101)).hasMessage("percent: 101 (expected: 0..100)");
        assertThatThrownBy(() -> new PathShare("orders", "orders", 0)).hasMessage("path: 'orders' (expected: a path starting with /)");
    }

    @Test
    void gatewayRoutesFollowTheRoutesContract() throws Exception {
        ObjectMapper json = new ObjectMapper();

        assertThat(json.writeValueAsString(GatewayRoutes.body(plan.steps().get(1)))).isEqualTo("{\"routes\":["
                + "{\"name\":\"orders\",\"match\":{\"path\":{\"prefix\":\"/orders\"}},"
                + "\"to\":[{\"service\":\"orders\",\"weight\":10},{\"service\":\"monolith\",\"weight\":90}]},"
                + "{\"name\":\"users\",\"match\":{\"path\":{\"prefix\":\"/users\"}},\"to\":[{\"service\":\"monolith\"}]},"
                + "{\"name\":\"payments\",\"match\":{\"path\":{\"prefix\":\"/payments\"}},\"to\":[{\"service\":\"monolith\"}]},"
                + "{\"name\":\"monolith\",\"to\":[{\"service\":\"monolith\"}]}]}");
        assertThat(json.writeValueAsString(GatewayRoutes.body(plan.steps().get(7)))).isEqualTo("{\"routes\":["
                + "{\"name\":\"orders\",\"match\":{\"path\":{\"prefix\":\"/orders\"}},\"to\":[{\"service\":\"orders\"}]},"
                + "{\"name\":\"users\",\"match\":{\"path\":{\"prefix\":\"/users\"}},\"to\":[{\"service\":\"users\"}]},"
                + "{\"name\":\"payments\",\"match\":{\"path\":{\"prefix\":\"/payments\"}},\"to\":[{\"service\":\"payments\"}]}]}");
    }
}
