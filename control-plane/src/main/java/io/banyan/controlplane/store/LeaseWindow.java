package io.banyan.controlplane.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * How long this replica may trust its leadership's etcd lease, by its own clock. etcd counts a TTL from when it
 * receives the grant or keep-alive request, so the window starts when the request was <em>sent</em> (earlier, never
 * later, than etcd's start) and lasts the TTL etcd granted minus a safety margin of a quarter of it
 * ({@link #window}): room for this host's clock running slower than etcd's leader's. A replica that trusts the lease
 * only inside this window has stopped leading before etcd lets the lease expire and another replica win the election.
 * Thread-safe.
 */
final class LeaseWindow {

    private final Clock clock;
    /** Guarded by this; null before the first grant. */
    private Instant validUntil;
    private boolean lost;

    LeaseWindow(Clock clock) {
        this.clock = clock;
    }

    /** The window a lease of {@code ttlSeconds} gives: three quarters of it (a 2s TTL: 1.5s; 10s: 7.5s). */
    static Duration window(long ttlSeconds) {
        return Duration.ofMillis(ttlSeconds * 1000 * 3 / 4);
    }

    /** The instant to pass to {@link #renewed} once the request about to be sent is answered. */
    Instant sending() {
        return clock.instant();
    }

    /** A new lease was granted (a grant sent at {@code sentAt} answered {@code ttlSeconds}): the window restarts. */
    synchronized void granted(Instant sentAt, long ttlSeconds) {
        lost = false;
        validUntil = sentAt.plus(window(ttlSeconds));
        notifyAll();
    }

    /**
     * A keep-alive sent at {@code sentAt} answered {@code ttlSeconds}; 0 or less: etcd no longer knows the lease (lost
     * for good). A late answer never shortens the window.
     */
    synchronized void renewed(Instant sentAt, long ttlSeconds) {
        if (ttlSeconds <= 0) {
            lost = true;
        } else {
            Instant until = sentAt.plus(window(ttlSeconds));
            if (validUntil == null || until.isAfter(validUntil)) {
                validUntil = until;
            }
        }
        notifyAll();
    }

    /** etcd no longer knows the lease. */
    synchronized void lost() {
        lost = true;
        notifyAll();
    }

    /** Whether the lease can be trusted now. */
    synchronized boolean alive() {
        return !lost && validUntil != null && clock.instant().isBefore(validUntil);
    }
}
