package io.banyan.sidecar.proxy;

import io.banyan.dataplane.config.AuthorizationPolicy;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The per-connection decision: a connection without a verified peer id is only served under allow-all. */
class AuthorizeCallerTest {

    @Test
    void aCallerWithoutIdentityIsDeniedByAnAllowListAndAllowedByAllowAll() {
        EmbeddedChannel channel = new EmbeddedChannel();

        assertThat(AuthorizeCaller.allowed(AuthorizationPolicy.allowOnly(Set.of("spiffe://mesh.local/svc/web")),
                channel)).isFalse();
        assertThat(AuthorizeCaller.allowed(AuthorizationPolicy.DENY_ALL, channel)).isFalse();
        assertThat(AuthorizeCaller.allowed(AuthorizationPolicy.ALLOW_ALL, channel)).isTrue();
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void theDecisionIsRemadeWhenThePolicyChanges() {
        EmbeddedChannel channel = new EmbeddedChannel();
        AuthorizationPolicy first = AuthorizationPolicy.DENY_ALL;

        assertThat(AuthorizeCaller.allowed(first, channel)).isFalse();
        assertThat(AuthorizeCaller.allowed(first, channel)).isFalse();
        assertThat(AuthorizeCaller.allowed(AuthorizationPolicy.ALLOW_ALL, channel)).isTrue();
        assertThat(AuthorizeCaller.allowed(AuthorizationPolicy.allowOnly(Set.of()), channel)).isFalse();
        assertFalse(channel.finishAndReleaseAll());
    }
}
