package io.banyan.sidecar;

import io.banyan.primitives.time.Durations;
import io.banyan.sidecar.tls.TaskScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A graceful stop's order, run once (SIGTERM through {@link Sidecar#close()}, or {@code POST /drain}):
 * <ol>
 *   <li>{@code /ready} fails at once ({@link #started()}: 503 {@code draining});</li>
 *   <li>the instance deregisters (a gateway has nothing to deregister);</li>
 *   <li>the drain delay: the listeners still accept and serve, keep-alive as before, while the removal travels
 *       through the control plane's push to every caller's sidecar;</li>
 *   <li>then the data plane stops: listeners stop accepting, each HTTP/1.1 connection closes after its current response
 *       ({@code Connection: close} on it), each HTTP/2 connection gets GOAWAY and its open streams finish.</li>
 * </ol>
 * The delay is scheduled on a {@link TaskScheduler} (a dedicated thread; a fake in tests), never slept on an event loop.
 */
public final class DrainSequence {

    private static final Logger log = LoggerFactory.getLogger(DrainSequence.class);

    private final String name;
    private final Duration delay;
    private final TaskScheduler scheduler;
    private final Runnable deregister;
    private final Supplier<CompletableFuture<Void>> stopListeners;
    private final AtomicBoolean started = new AtomicBoolean();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();

    /**
     * @param name          who drains, for the log ({@code sidecar orders}, {@code gateway edge})
     * @param delay         how long the listeners keep serving after the deregistration, >= 0
     * @param scheduler     where the end of the delay runs
     * @param deregister    leaves the registry (may block, bounded; not on an event loop)
     * @param stopListeners stops accepting and drains the connections; its future completes when every downstream
     *                      connection has closed
     */
    public DrainSequence(String name, Duration delay, TaskScheduler scheduler, Runnable deregister,
                         Supplier<CompletableFuture<Void>> stopListeners) {
        this.name = Objects.requireNonNull(name, "name");
        this.delay = Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("drain-delay: " + delay + " (expected: >= 0s)");
        }
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.deregister = Objects.requireNonNull(deregister, "deregister");
        this.stopListeners = Objects.requireNonNull(stopListeners, "stopListeners");
    }

    /** Whether the drain has begun: {@code /ready} answers 503 {@code draining} from then on. */
    public boolean started() {
        return started.get();
    }

    /**
     * Starts the drain, once (later calls return the same future): fails {@code /ready}, deregisters on the calling
     * thread, then schedules the end of the delay. Completes when every downstream connection has closed after it.
     */
    public CompletableFuture<Void> start() {
        if (!started.compareAndSet(false, true)) {
            return drained;
        }
        log.info("{} draining: /ready fails from now, leaving the registry", name);
        try {
            deregister.run();
        } catch (RuntimeException e) { // the listeners drain even if leaving the registry failed (the TTL expires it)
            log.warn("{}: deregistration failed", name, e);
        }
        if (!delay.isZero()) {
            log.info("{}: listeners keep serving for the drain delay of {} while callers learn of the removal", name,
                    Durations.format(delay));
        }
        scheduler.schedule(this::stopListeners, delay);
        return drained;
    }

    /** The future of {@link #start()} without starting: completes once the drain ran to its end. */
    public CompletableFuture<Void> drained() {
        return drained;
    }

    private void stopListeners() {
        log.info("{}: listeners stop accepting; connections close after their current response (HTTP/2: GOAWAY)", name);
        try {
            stopListeners.get().whenComplete((done, failure) -> drained.complete(null));
        } catch (RuntimeException e) {
            log.warn("{}: stopping the listeners failed", name, e);
            drained.complete(null);
        }
    }
}
