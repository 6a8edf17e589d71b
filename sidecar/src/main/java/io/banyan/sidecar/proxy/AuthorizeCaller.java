package io.banyan.sidecar.proxy;

import io.banyan.dataplane.config.AuthorizationPolicy;
import io.banyan.sidecar.tls.PeerIdentity;
import io.netty.channel.Channel;
import io.netty.util.Attribute;
import io.netty.util.AttributeKey;

/**
 * Whether the caller of an inbound connection may call: its verified SPIFFE id against the listener's current
 * {@link AuthorizationPolicy}. The peer is fixed for a connection, so the decision is kept on the channel and
 * only re-made when the policy instance changes (a new config).
 */
final class AuthorizeCaller {

    private record Decision(AuthorizationPolicy policy, boolean allowed) {
    }

    private static final AttributeKey<Decision> KEY = AttributeKey.valueOf(AuthorizeCaller.class, "decision");

    private AuthorizeCaller() {
    }

    static boolean allowed(AuthorizationPolicy policy, Channel downstream) {
        if (policy.allowAll()) {
            return true;
        }
        Attribute<Decision> attribute = downstream.attr(KEY);
        Decision cached = attribute.get();
        if (cached != null && cached.policy == policy) {
            return cached.allowed;
        }
        boolean allowed = policy.allows(PeerIdentity.of(downstream).orElse(null));
        attribute.set(new Decision(policy, allowed));
        return allowed;
    }
}
