package io.banyan.adminserver;

import java.time.Duration;
import java.util.Objects;

/**
 * What the admin port allows its clients (its slow-client and connection-exhaustion protection).
 *
 * @param maxConnections the most connections served normally; beyond it {@link #PROBE_CONNECTIONS} more are
 *                       accepted that get only the open routes (then close), and any further
 *                       connection is closed at once
 * @param headerTimeout  a request head must arrive within this time of its first byte, and its body may pause no
 *                       longer; slower answers 408
 * @param idleTimeout    how long a connection may wait for its next request before it is closed
 * @param maxBodyBytes   the largest request body; a larger one answers 413
 */
public record AdminLimits(int maxConnections, Duration headerTimeout, Duration idleTimeout, int maxBodyBytes) {

    private static final Duration MIN_TIMEOUT = Duration.ofMillis(10);

    public static final int DEFAULT_MAX_CONNECTIONS = 256;
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    public static final AdminLimits DEFAULT = new AdminLimits(DEFAULT_MAX_CONNECTIONS, DEFAULT_HEADER_TIMEOUT,
            DEFAULT_IDLE_TIMEOUT);

    /** Connections kept beyond {@code maxConnections} for health probes and metric scrapes. */
    public static final int PROBE_CONNECTIONS = 4;

    public AdminLimits {
        if (maxConnections < 1 || maxConnections > 1_000_000) {
            throw new IllegalArgumentException("admin-max-connections: " + maxConnections + " (expected: 1..1000000)");
        }
        headerTimeout = positive("admin-header-timeout", headerTimeout);
        idleTimeout = positive("admin-idle-timeout", idleTimeout);
        if (maxBodyBytes < 0) {
            throw new IllegalArgumentException("admin-max-body-bytes: " + maxBodyBytes + " (expected: at least 0)");
        }
    }

    /** Limits with the default body cap ({@value #DEFAULT_MAX_BODY_BYTES} bytes). */
    public AdminLimits(int maxConnections, Duration headerTimeout, Duration idleTimeout) {
        this(maxConnections, headerTimeout, idleTimeout, DEFAULT_MAX_BODY_BYTES);
    }

    /** These limits with another body cap. */
    public AdminLimits withMaxBodyBytes(int bytes) {
        return new AdminLimits(maxConnections, headerTimeout, idleTimeout, bytes);
    }

    private static Duration positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.compareTo(MIN_TIMEOUT) < 0) {
            throw new IllegalArgumentException(name + ": " + value.toMillis() + "ms (expected: at least 10ms)");
        }
        return value;
    }
}
