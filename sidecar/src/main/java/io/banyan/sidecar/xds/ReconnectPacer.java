package io.banyan.sidecar.xds;

import io.banyan.primitives.time.Backoff;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a gRPC channel's reconnects on the sidecar's {@link ControlPlaneChannels#RECONNECT_BACKOFF}, and says when it connected again.
 *
 * <p>A gRPC channel backs off its own connection attempts (1 s growing by 1.6 up to 120 s) and has no public knob
 * for it; while it does, calls fail at once without dialing, so after a long control-plane outage a sidecar took up
 * to two minutes to notice that the control plane was back. While the channel is in TRANSIENT_FAILURE this calls
 * {@link ManagedChannel#resetConnectBackoff()} (an attempt now) after each delay of our backoff, capped at seconds.
 * When the channel becomes READY it runs the {@link #onReconnected} actions, so that the ADS stream and the
 * registration agent re-dial at once instead of waiting out their own backoff. Chosen over a channel rebuilt per
 * attempt because the channel is shared (ADS, registration, certificates) and keeps its TLS session.
 */
final class ReconnectPacer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReconnectPacer.class);

    private final ManagedChannel channel;
    private final Backoff backoff;
    private final String target;
    private final List<Runnable> onReconnected;
    private final ScheduledThreadPoolExecutor scheduler = newScheduler();

    // Confined to the scheduler thread.
    private ScheduledFuture<?> pending;
    private int attempts;
    private boolean closed;

    ReconnectPacer(ManagedChannel channel, Backoff backoff, String target) {
        this(channel, backoff, target, new CopyOnWriteArrayList<>());
    }

    /** @param onReconnected the actions to run on each reconnect, a list its owner may add to (thread-safe) */
    ReconnectPacer(ManagedChannel channel, Backoff backoff, String target, List<Runnable> onReconnected) {
        this.channel = Objects.requireNonNull(channel, "channel");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.target = target;
        this.onReconnected = Objects.requireNonNull(onReconnected, "onReconnected");
    }

    ReconnectPacer start() {
        watch(channel.getState(false));
        return this;
    }

    void onReconnected(Runnable action) {
        onReconnected.add(Objects.requireNonNull(action, "action"));
    }

    private void watch(ConnectivityState seen) {
        channel.notifyWhenStateChanged(seen, () -> execute(this::changed));
    }

    private void changed() {
        if (closed) {
            return;
        }
        ConnectivityState state = channel.getState(false);
        switch (state) {
            case READY -> {
                cancelPending();
                if (attempts > 0) {
                    log.info("control plane {} reachable again after {} paced reconnect attempts", target, attempts);
                }
                attempts = 0;
                onReconnected.forEach(ReconnectPacer::runQuietly);
            }
            case TRANSIENT_FAILURE -> {
                if (pending == null) {
                    schedule();
                }
            }
            case SHUTDOWN -> {
                return;
            }
            default -> {
            }
        }
        watch(state);
    }

    private void schedule() {
        pending = scheduler.schedule(this::attempt, backoff.delay(attempts + 1).toMillis(), TimeUnit.MILLISECONDS);
    }

    private void attempt() {
        pending = null;
        if (closed || channel.getState(false) != ConnectivityState.TRANSIENT_FAILURE) {
            return;
        }
        attempts++;
        log.debug("control plane {} unreachable: reconnect attempt {} now", target, attempts);
        channel.resetConnectBackoff();
        schedule();
    }

    private void cancelPending() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }

    private void execute(Runnable task) {
        try {
            scheduler.execute(task);
        } catch (RejectedExecutionException e) {
            log.debug("reconnect pacer stopped; dropping a state change");
        }
    }

    private static void runQuietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            log.warn("a reconnect action failed", e);
        }
    }

    /** One daemon thread whose pending attempt is dropped on close (a pacer is closed on every certificate renewal). */
    private static ScheduledThreadPoolExecutor newScheduler() {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "banyan-cp-reconnect");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return scheduler;
    }

    @Override
    public void close() {
        execute(() -> {
            closed = true;
            cancelPending();
        });
        scheduler.shutdown();
    }
}
