package io.banyan.adminserver;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BearerAuthTest {

    private static AdminRequest bearing(String header) {
        return new AdminRequest("PUT", "/v1/things", header, null, null, Map.of());
    }

    @Test
    void theMatchingTokenNamesThePrincipalAndAnyOtherIsRefused() {
        BearerAuth auth = new BearerAuth(List.of(new AdminToken("alice", "alice-0123456789abcdef"),
                new AdminToken("bob", "bob-0123456789abcdefgh")));
        assertThat(auth.principal(bearing("Bearer alice-0123456789abcdef"))).isEqualTo("alice");
        assertThat(auth.principal(bearing("bearer  bob-0123456789abcdefgh "))).isEqualTo("bob");
        assertThat(auth.refusal(bearing("Bearer bob-0123456789abcdefgh"), false)).isNull();
        assertThat(auth.principal(bearing("Bearer carol-0123456789abcdef"))).isNull();
        assertThat(auth.refusal(bearing("Bearer carol-0123456789abcdef"), false).status()).isEqualTo(403);
        assertThat(auth.refusal(bearing(null), false).status()).isEqualTo(401);
    }

    @Test
    void theOneAdminTokenIsNamedAdminAndWithoutTokensEveryoneIsAnonymous() {
        assertThat(new BearerAuth("s3cret").principal(bearing("Bearer s3cret"))).isEqualTo(AdminToken.ADMIN);
        BearerAuth open = new BearerAuth("");
        assertThat(open.enabled()).isFalse();
        assertThat(open.principal(bearing(null))).isEqualTo(AdminToken.ANONYMOUS);
        assertThat(open.refusal(bearing(null), false)).isNull();
    }

    @Test
    void aTokenNeverShowsInItsTextAndItsNameFollowsTheServiceNameRule() {
        assertThat(new AdminToken("alice", "alice-0123456789abcdef").toString()).doesNotContain("0123456789");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new AdminToken("Alice", "x"))
                .hasMessageStartingWith("name: 'Alice' (expected: ");
    }
}
