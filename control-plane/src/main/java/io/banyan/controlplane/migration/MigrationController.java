package io.banyan.controlplane.migration;

import io.banyan.controlplane.loadstats.LoadWindow;
import io.banyan.controlplane.migration.MigrationEvent.Actor;
import io.banyan.controlplane.replica.LeaderDuty;
import io.banyan.controlplane.revision.StaleETagException;
import io.banyan.controlplane.store.Leadership;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Drives the live migrations on its own thread: every load-report interval it judges each one over its guard's
 * window ({@link MigrationStats}, {@link MigrationGuard}), rolls it back on a breach (by the guard, with the reason and
 * the figures), and, with {@code advance: {every: D}}, moves it to its next step once the step has lasted D and the
 * verdict is healthy, or the step sends the new side nothing to judge (weight 0, no shadow), completing it at the last
 * step. It tells the {@link LoadWindow} which clusters to keep: the
 * {@code from}, {@code to} and {@code shadow} clusters of every live migration (every replica does, its sidecars
 * report to it). With replicas, only the store's leader judges ({@link Leadership}); each action is written on the
 * If-Match of the migration's ETag it was judged on, so a late action of a deposed leader is refused and dropped.
 */
public final class MigrationController implements MigrationListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MigrationController.class);

    private final MigrationBook book;
    private final LoadWindow load;
    private final Clock clock;
    private final Duration interval;
    private final MigrationGuard guard = new MigrationGuard();
    private final ScheduledExecutorService executor;
    /** The latest verdict per live migration, by name (bounded by the migrations). */
    private final Map<String, Verdict> verdicts = new ConcurrentHashMap<>();
    private final Leadership leadership;

    /** A controller of a store with one replica (always the leader). */
    public MigrationController(MigrationBook book, LoadWindow load, Clock clock, Duration interval) {
        this(book, load, clock, interval, Leadership.ALONE);
    }

    /** A controller that judges only while this replica leads. */
    public MigrationController(MigrationBook book, LoadWindow load, Clock clock, Duration interval,
                               Leadership leadership) {
        this.leadership = Objects.requireNonNull(leadership, "leadership");
        this.book = Objects.requireNonNull(book, "book");
        this.load = Objects.requireNonNull(load, "load");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.interval = Objects.requireNonNull(interval, "interval");
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "banyan-migrations");
            thread.setDaemon(true);
            return thread;
        });
        pool.setRemoveOnCancelPolicy(true);
        this.executor = pool;
    }

    /** Listens to the book (tracking the live migrations' clusters) and judges every interval. */
    public MigrationController start() {
        book.addListener(this);
        LeaderDuty.follow("the migration controller", leadership, executor, this::tickSafely);
        long millis = Math.max(1, interval.toMillis());
        executor.scheduleWithFixedDelay(this::tickSafely, millis, millis, TimeUnit.MILLISECONDS);
        return this;
    }

    @Override
    public void onMigrations(MigrationSnapshot snapshot) {
        try {
            executor.execute(() -> track(snapshot));
        } catch (RejectedExecutionException e) {
            log.debug("migration controller closed; clusters not re-tracked");
        }
    }

    /** The stats of {@code migration} now, over its guard's window of its current step. */
    public MigrationStats stats(Migration migration) {
        return MigrationStats.of(migration, load, clock.instant());
    }

    /**
     * One round: judges every live migration, rolling back, advancing or completing as due; only tracks their
     * clusters while another replica leads.
     */
    public void tick() {
        if (!leadership.isLeader()) {
            verdicts.clear();
            track(book.snapshot());
            return;
        }
        MigrationSnapshot snapshot = book.snapshot();
        Instant now = clock.instant();
        verdicts.keySet().retainAll(snapshot.migrations().keySet());
        for (Migration migration : snapshot.live()) {
            try {
                judge(migration, now);
            } catch (RuntimeException e) {
                log.warn("migration {}: its round failed: {}", migration.name(), e.toString());
            }
        }
        track(book.snapshot());
    }

    /** The latest verdict on a live migration, if it was judged. */
    public Optional<Verdict> lastVerdict(String name) {
        return Optional.ofNullable(verdicts.get(name));
    }

    private void judge(Migration migration, Instant now) {
        try {
            judgeHeld(migration, now);
        } catch (StaleETagException e) { // written since on another replica (a newer leader's or an operator's)
            log.debug("migration {}: action on a stale state dropped: {}", migration.name(), e.getMessage());
        }
    }

    private void judgeHeld(Migration migration, Instant now) {
        MigrationStats stats = MigrationStats.of(migration, load, now);
        boolean shadowing = migration.shadowing();
        Verdict verdict = guard.judge(migration.spec().guard(), stats.from(),
                shadowing ? Side.SHADOW.wireName() : Side.TO.wireName(), stats.newSide(migration));
        verdicts.put(migration.name(), verdict);
        if (verdict.breach()) {
            book.actIfUnchanged(migration, Action.ROLLBACK, Actor.GUARD, verdict.reason(), verdict.figures());
            return;
        }
        Advance advance = migration.spec().advance();
        boolean moving = migration.state().state() != Phase.PAUSED;
        // a step that sends the new side nothing (weight 0, no shadow copy) has no evidence to wait for
        boolean idleStep = migration.state().weight() == 0 && !migration.shadowing();
        if (moving && (verdict.healthy() || idleStep) && !advance.manual()
                && !now.isBefore(migration.state().stepStartedAt().plus(advance.every()))) {
            book.actIfUnchanged(migration, Action.ADVANCE, Actor.SCHEDULE, null, Map.of());
        }
    }

    private void track(MigrationSnapshot snapshot) {
        Set<String> clusters = new HashSet<>();
        for (Migration migration : snapshot.live()) {
            for (Side side : Side.values()) {
                clusters.add(side.cluster(migration.name()));
            }
        }
        load.track(clusters);
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            log.warn("migration round failed", e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
