package io.banyan.controlplane.rollout;

import io.banyan.controlplane.loadstats.NodeLoads;
import io.banyan.controlplane.loadstats.RequestCounts;
import io.banyan.controlplane.replica.LeaderDuty;
import io.banyan.controlplane.store.Leadership;
import io.banyan.controlplane.xds.SidecarDirectory;
import io.banyan.controlplane.xds.SidecarStatus;
import io.banyan.controlplane.xds.SnapshotPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Decides each baking rollout, every {@code interval} on its own thread, by the injected clock: a canary's NACK, a
 * canary that left, or a regression ({@link RegressionVerdict}) writes the object back ({@link Reverter}) and ends
 * it reverted with the reason; once every canary ACKed the change and the bake is over without a regression, it is
 * promoted. A write-back that fails leaves the rollout baking (the other nodes still see the old value) and is
 * tried again at the next check. With replicas, the rollouts this replica staged are decided here whether it leads or
 * not (only it holds their canaries' streams and the values shown to its other nodes); the rollouts a restart
 * interrupted are written back by the leader only ({@link Leadership}), at its start, as soon as it becomes the
 * leader and at every check while it leads (so a replica that dies during a bake is noticed within an interval of
 * its being counted gone): those it staged itself (same replica name) and those of a replica that is gone
 * ({@code gone}); a baking rollout of a live replica is left to it ({@link Rollouts#interrupted(Predicate)}). Another
 * replica's rollout is first taken over with an If-Match on its record ({@link Rollouts#takeOver}), so that of two
 * leaders (a lease that lapsed) exactly one writes it back; the reason names the gone replica.
 */
public final class RolloutDriver implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RolloutDriver.class);
    /** The reason of a rollout that was baking when the control plane stopped. */
    static final String RESTARTED = "control plane restarted during the bake";

    private final Rollouts rollouts;
    private final SidecarDirectory directory;
    private final SnapshotPublisher publisher;
    private final NodeLoads loads;
    private final Reverter reverter;
    private final Clock clock;
    private final Duration interval;
    private final Leadership leadership;
    /** Whether the replica of that name is gone (its interrupted rollouts are then reverted here). */
    private final Predicate<String> gone;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "banyan-rollouts");
        thread.setDaemon(true);
        return thread;
    });

    /** A driver of a store with one replica (always the leader). */
    public RolloutDriver(Rollouts rollouts, SidecarDirectory directory, SnapshotPublisher publisher, NodeLoads loads,
                         Reverter reverter, Clock clock, Duration interval) {
        this(rollouts, directory, publisher, loads, reverter, clock, interval, Leadership.ALONE);
    }

    /** A driver that decides only while this replica leads, no other replica ever counting as gone. */
    public RolloutDriver(Rollouts rollouts, SidecarDirectory directory, SnapshotPublisher publisher, NodeLoads loads,
                         Reverter reverter, Clock clock, Duration interval, Leadership leadership) {
        this(rollouts, directory, publisher, loads, reverter, clock, interval, leadership, replica -> false);
    }

    /**
     * A driver that decides only while this replica leads, and reverts the interrupted rollouts of the replicas
     * {@code gone} says are gone too.
     */
    public RolloutDriver(Rollouts rollouts, SidecarDirectory directory, SnapshotPublisher publisher, NodeLoads loads,
                         Reverter reverter, Clock clock, Duration interval, Leadership leadership,
                         Predicate<String> gone) {
        this.gone = Objects.requireNonNull(gone, "gone");
        this.leadership = Objects.requireNonNull(leadership, "leadership");
        this.rollouts = rollouts;
        this.directory = directory;
        this.publisher = publisher;
        this.loads = loads;
        this.reverter = Objects.requireNonNull(reverter, "reverter");
        this.clock = clock;
        this.interval = interval;
    }

    /** Reverts the rollouts a restart interrupted, then checks the others every interval. */
    public RolloutDriver start() {
        revertInterrupted();
        LeaderDuty.follow("reverting interrupted rollouts", leadership, executor, this::revertInterrupted);
        executor.scheduleWithFixedDelay(this::checkAll, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        return this;
    }

    private void revertInterrupted() {
        if (!leadership.isLeader()) {
            return;
        }
        for (RolloutRecord interrupted : rollouts.interrupted(gone)) {
            rollouts.takeOver(interrupted, gone).ifPresent(reason -> revert(interrupted, reason));
        }
    }

    /** Checks every baking rollout once (the scheduled task; tests call it directly). */
    void checkAll() {
        try {
            Map<String, SidecarStatus> connected = new HashMap<>();
            directory.sidecars().forEach(status -> connected.put(status.nodeId(), status));
            for (RolloutRecord rollout : rollouts.baking()) {
                check(rollout, connected);
            }
            revertInterrupted();
        } catch (RuntimeException e) {
            log.error("rollout check failed", e);
        }
    }

    private void check(RolloutRecord rollout, Map<String, SidecarStatus> connected) {
        boolean allAcked = true;
        for (String node : rollout.canary()) {
            SidecarStatus status = connected.get(node);
            if (status == null) {
                revert(rollout, "canary node '" + node + "' disconnected during the bake");
                return;
            }
            Optional<String> nack = CanaryAcks.newNack(status, rollout.canaryNacks().getOrDefault(node, Map.of()));
            if (nack.isPresent()) {
                revert(rollout, nack.get());
                return;
            }
            allAcked &= CanaryAcks.acked(status, publisher.publishedVersions(node));
        }
        Optional<String> regression = regression(rollout);
        if (regression.isPresent()) {
            revert(rollout, regression.get());
        } else if (allAcked && !clock.instant().isBefore(rollout.bakeUntil())) {
            rollouts.finish(rollout.id(), RolloutState.PROMOTED, null);
        }
    }

    private Optional<String> regression(RolloutRecord rollout) {
        Instant now = clock.instant();
        RequestCounts canary = rollouts.canaryStats(rollout);
        Function<Instant, Duration> since = from -> Duration.between(from, now);
        if (rollouts.rest(rollout).isEmpty()) {
            Instant from = rollout.startedAt().minus(rollout.rollout().bake());
            RequestCounts before = loads.sum(rollout.canary(), from, rollout.startedAt().minusMillis(1));
            return RegressionVerdict.of(rollout.rollout(), canary, before, false, since.apply(rollout.startedAt()));
        }
        return RegressionVerdict.of(rollout.rollout(), canary, rollouts.restStats(rollout), true,
                since.apply(rollout.startedAt()));
    }

    private void revert(RolloutRecord rollout, String reason) {
        try {
            reverter.revert(rollout.revision());
        } catch (RuntimeException e) {
            log.warn("rollout {}: writing {} '{}' back failed, retried at the next check: {}", rollout.id(),
                    rollout.kind().wireName(), rollout.object(), e.getMessage());
            return;
        }
        rollouts.finish(rollout.id(), RolloutState.REVERTED, reason);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
