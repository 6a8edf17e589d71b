package io.banyan.controlplane.replica;

import io.banyan.controlplane.store.Store;
import io.banyan.controlplane.store.StoredHeartbeats;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Tells whether another replica is gone, by its entry in the store's {@code heartbeats} map: gone when the entry is
 * absent or was written more than {@link StaleEntries#KEPT_INTERVALS} heartbeat-exchange intervals ago (the bound
 * after which the leader removes it). A replica that received no heartbeat for that long writes no entry either and
 * counts as gone.
 */
public final class ReplicaPresence {

    private final Store store;
    private final Clock clock;
    private final Duration staleAfter;

    public ReplicaPresence(Store store, Clock clock, Duration heartbeatExchange) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (heartbeatExchange == null || heartbeatExchange.isNegative() || heartbeatExchange.isZero()) {
            throw new IllegalArgumentException("heartbeat-exchange: " + heartbeatExchange + " (expected: > 0)");
        }
        this.staleAfter = heartbeatExchange.multipliedBy(StaleEntries.KEPT_INTERVALS);
    }

    /** Whether {@code replica} is gone; this replica never is. */
    public boolean gone(String replica) {
        if (replica.equals(store.replica())) {
            return false;
        }
        Optional<Instant> written = store.heartbeats().get(replica).map(StoredHeartbeats::writtenAt);
        return written.isEmpty() || written.get().isBefore(clock.instant().minus(staleAfter));
    }
}
