package io.banyan.sidecar.tcp;

import java.time.Duration;
import java.util.Objects;

/**
 * How a relaying tcp_proxy session ends when the data plane drains: at once when no byte went either way for
 * {@code quiet} (it is between exchanges), else as soon as it has been quiet that long, and at the latest when
 * {@code grace} has passed since the drain began. A session not relaying yet (TLS handshake, dial) closes at once.
 *
 * @param grace the longest a busy session may go on after the drain began (default 30 s, as HTTP/2 drains)
 * @param quiet how long without a byte makes a session idle enough to close during a drain (default 1 s)
 */
public record DrainTiming(Duration grace, Duration quiet) {

    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);
    public static final Duration DEFAULT_QUIET = Duration.ofSeconds(1);
    public static final DrainTiming DEFAULT = new DrainTiming(DEFAULT_GRACE, DEFAULT_QUIET);

    public DrainTiming {
        Objects.requireNonNull(grace, "grace");
        Objects.requireNonNull(quiet, "quiet");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("drain.grace: " + grace + " (expected: >= 0)");
        }
        if (quiet.isNegative() || quiet.compareTo(grace) > 0) {
            throw new IllegalArgumentException("drain.quiet: " + quiet + " (expected: >= 0 and <= grace " + grace + ")");
        }
    }
}
