package io.banyan.sidecar.registration;

import io.banyan.primitives.check.Checks;
import io.banyan.primitives.time.Backoff;
import io.banyan.sidecar.xds.ControlPlaneChannels;

import java.time.Duration;
import java.util.Objects;

/**
 * The registration agent's timings: the deadline of each call, the bounded wait for deregistration on
 * close, the backoff while the control plane is unreachable, and the slow retry after a rejected token
 * or request (which only an operator can fix).
 */
public record RegistrationPolicy(Duration callTimeout, Duration deregisterTimeout, Backoff backoff,
                                 Duration rejectedRetryDelay) {

    public RegistrationPolicy {
        Checks.positive(callTimeout, "registration.callTimeout");
        Checks.positive(deregisterTimeout, "registration.deregisterTimeout");
        Objects.requireNonNull(backoff, "registration.backoff");
        Checks.positive(rejectedRetryDelay, "registration.rejectedRetryDelay");
    }

    /** 5s deadlines, 2s deregistration on close, {@link ControlPlaneChannels#RECONNECT_BACKOFF} (0.5s..10s), 30s after a rejected token. */
    public static RegistrationPolicy defaults() {
        return new RegistrationPolicy(Duration.ofSeconds(5), Duration.ofSeconds(2), ControlPlaneChannels.RECONNECT_BACKOFF,
                Duration.ofSeconds(30));
    }

}
