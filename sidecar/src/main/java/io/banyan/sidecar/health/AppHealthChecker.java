package io.banyan.sidecar.health;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Checks the local app every {@link HealthCheckConfig#interval()} with a {@link HealthProbe} and tells
 * {@link HealthListener}s when its health changes. Probes are asynchronous; results are recorded on the
 * given scheduler, which also runs the listeners, so nothing here ever blocks a Netty event loop.
 * A probe is never started while the previous one is running (fixed delay between probes).
 */
public final class AppHealthChecker implements HealthStatus, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AppHealthChecker.class);

    private final HealthCheckConfig config;
    private final HealthProbe probe;
    private final ScheduledExecutorService scheduler;
    private final ConsecutiveHealth health;
    private final List<HealthListener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean healthy;
    private volatile ProbeResult lastResult;
    private volatile boolean running;
    private volatile ScheduledFuture<?> next;

    /**
     * @param scheduler runs the probes' bookkeeping and the listeners; owned by the caller, who shuts it down
     */
    public AppHealthChecker(HealthCheckConfig config, HealthProbe probe, ScheduledExecutorService scheduler) {
        this.config = Objects.requireNonNull(config, "config");
        this.probe = Objects.requireNonNull(probe, "probe");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.health = new ConsecutiveHealth(config.check(), false);
    }

    /** An HTTP checker of {@code config.url()}. */
    public static AppHealthChecker http(HealthCheckConfig config, ScheduledExecutorService scheduler) {
        return new AppHealthChecker(config, new HttpHealthProbe(config), scheduler);
    }

    /** Starts periodic checking; the first probe runs at once. */
    public void start() {
        running = true;
        schedule(0);
    }

    /** Runs one probe now and records it; completes with the health after it. For tests and on-demand checks. */
    public CompletableFuture<Boolean> checkNow() {
        CompletableFuture<ProbeResult> result;
        try {
            result = probe.probe();
        } catch (RuntimeException e) {
            result = CompletableFuture.completedFuture(ProbeResult.failure(e.toString()));
        }
        return result
                .exceptionally(error -> ProbeResult.failure(error.toString()))
                .thenApplyAsync(this::record, scheduler);
    }

    @Override
    public boolean isHealthy() {
        return healthy;
    }

    /** The last probe's outcome, or null before the first one. */
    public ProbeResult lastResult() {
        return lastResult;
    }

    public HealthCheckConfig config() {
        return config;
    }

    @Override
    public void addListener(HealthListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Stops checking and closes the probe if it holds resources; the scheduler is left to its owner. */
    @Override
    public void close() {
        running = false;
        ScheduledFuture<?> pending = next;
        if (pending != null) {
            pending.cancel(false);
        }
        if (probe instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.debug("closing the health probe failed", e);
            }
        }
    }

    private void schedule(long delayMillis) {
        if (!running) {
            return;
        }
        try {
            next = scheduler.schedule(this::runScheduledCheck, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            running = false;
        }
    }

    private void runScheduledCheck() {
        if (!running) {
            return;
        }
        checkNow().whenComplete((ignored, error) -> schedule(config.interval().toMillis()));
    }

    private boolean record(ProbeResult result) {
        boolean changed;
        boolean now;
        synchronized (health) {
            lastResult = result;
            changed = health.record(result.success());
            now = health.healthy();
            healthy = now;
        }
        if (changed) {
            if (now) {
                log.info("app at {} is healthy ({})", config.url(), result.detail());
            } else {
                log.warn("app at {} is unhealthy after {} consecutive failed check(s) ({})", config.url(),
                        config.unhealthyThreshold(), result.detail());
            }
            notifyListeners(now);
        } else if (!result.success()) {
            log.debug("app health check of {} failed: {}", config.url(), result.detail());
        }
        return now;
    }

    private void notifyListeners(boolean now) {
        for (HealthListener listener : listeners) {
            try {
                listener.onHealthChanged(now);
            } catch (RuntimeException e) {
                log.warn("health listener {} failed", listener, e);
            }
        }
    }
}
