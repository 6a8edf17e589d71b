package io.banyan.sidecar.loadbalance;

import io.banyan.dataplane.config.Endpoint;
import io.banyan.dataplane.config.RingHashSettings;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.banyan.sidecar.loadbalance.Picks.endpoints;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HashPolicyTest {

    private record Request(Map<String, String> headers, Map<String, String> cookies, String sourceAddress)
            implements RequestView {

        @Override
        public String header(String name) {
            return headers.get(name.toLowerCase());
        }

        @Override
        public String cookie(String name) {
            return cookies.get(name);
        }
    }

    private final LoadBalancer ring = new RingHash(endpoints(10), RingHashSettings.DEFAULT, Picks.random());

    @Test
    void aHeaderKeepsItsValuesOnTheirEndpoints() {
        HashPolicy policy = HashPolicy.header("x-user");
        Set<Endpoint> reached = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            Request request = new Request(Map.of("x-user", "u" + i), Map.of(), "10.9.9." + (i % 250));
            Endpoint first = ring.pick(policy.context(request, List.of()));
            Request sameUserElsewhere = new Request(Map.of("x-user", "u" + i), Map.of("s", "x"), "10.8.8.8");
            assertThat(ring.pick(policy.context(sameUserElsewhere, List.of()))).isEqualTo(first);
            reached.add(first);
        }
        assertThat(reached).hasSizeGreaterThan(5);
    }

    @Test
    void aCookieKeysTheRequest() {
        HashPolicy policy = HashPolicy.cookie("session");
        PickContext context = policy.context(new Request(Map.of(), Map.of("session", "abc"), "10.0.0.1"), List.of());

        assertThat(context.hashed()).isTrue();
        assertThat(context.hash()).isEqualTo(XxHash64.hash("abc"));
    }

    @Test
    void theSourceAddressKeysTheRequest() {
        HashPolicy policy = HashPolicy.sourceAddress();
        Endpoint first = ring.pick(policy.context(new Request(Map.of("a", "1"), Map.of(), "192.168.1.7"), List.of()));

        for (int i = 0; i < 50; i++) {
            assertThat(ring.pick(policy.context(new Request(Map.of("a", "" + i), Map.of(), "192.168.1.7"), List.of())))
                    .isEqualTo(first);
        }
    }

    @Test
    void policiesAreTriedInOrderAndNoKeyMeansRandom() {
        HashPolicy policy = HashPolicy.header("x-user").or(HashPolicy.cookie("session"));

        assertThat(policy.key(new Request(Map.of("x-user", "h"), Map.of("session", "c"), null))).isEqualTo("h");
        assertThat(policy.key(new Request(Map.of(), Map.of("session", "c"), null))).isEqualTo("c");
        PickContext none = policy.context(new Request(Map.of(), Map.of(), "10.0.0.1"), List.of());
        assertThat(none.hashed()).isFalse();
        assertThat(none).isSameAs(PickContext.FIRST);
    }

    @Test
    void blankNamesAreRejected() {
        assertThatThrownBy(() -> HashPolicy.header(" "))
                .hasMessage("hashPolicy.header: ' ' (expected: a non-empty name)");
        assertThatThrownBy(() -> HashPolicy.cookie(null))
                .hasMessage("hashPolicy.cookie: 'null' (expected: a non-empty name)");
    }
}
