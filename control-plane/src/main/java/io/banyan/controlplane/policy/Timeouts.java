package io.banyan.controlplane.policy;

import java.time.Duration;

/**
 * Timeouts toward one service: TCP connect, the whole request (0s: none), each try (null: none; only with
 * retries it differs from the request timeout), and how long an idle upstream connection is kept (0s: forever).
 */
public record Timeouts(Duration connect, Duration request, Duration perTry, Duration idle) {

    private static final Duration MAX = Duration.ofHours(24);
    public static final Timeouts DEFAULT = new Timeouts(null, null, null, null);

    public Timeouts {
        connect = Check.duration("timeouts.connect", Check.orDefault(connect, Duration.ofSeconds(5)),
                Duration.ofMillis(1), Duration.ofMinutes(5));
        request = Check.duration("timeouts.request", Check.orDefault(request, Duration.ofSeconds(15)),
                Duration.ZERO, MAX);
        if (perTry != null) {
            Check.duration("timeouts.perTry", perTry, Duration.ofMillis(1), MAX);
        }
        idle = Check.duration("timeouts.idle", Check.orDefault(idle, Duration.ofHours(1)), Duration.ZERO, MAX);
    }
}
