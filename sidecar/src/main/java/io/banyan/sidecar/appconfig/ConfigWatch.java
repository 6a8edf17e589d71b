package io.banyan.sidecar.appconfig;

import io.banyan.dataplane.config.AppConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The app configuration last received, kept while the control plane is away, and the requests waiting for the next
 * one (long polls): each is parked as a future, completed by the next change or, empty, by a timeout scheduled on the
 * given timer; no thread waits. At most {@code maxWaiters} are parked at a time.
 */
public final class ConfigWatch {

    public static final int DEFAULT_MAX_WAITERS = 256;

    private static final Logger log = LoggerFactory.getLogger(ConfigWatch.class);

    private final int maxWaiters;
    private final Object lock = new Object();
    private final Set<CompletableFuture<Optional<AppConfig>>> waiters = new HashSet<>();
    private final List<Consumer<AppConfig>> listeners = new CopyOnWriteArrayList<>();
    private AppConfig current;

    public ConfigWatch(int maxWaiters) {
        if (maxWaiters < 1) {
            throw new IllegalArgumentException("maxWaiters: " + maxWaiters + " (expected: at least 1)");
        }
        this.maxWaiters = maxWaiters;
    }

    /** The configuration last received, if one arrived. */
    public Optional<AppConfig> current() {
        synchronized (lock) {
            return Optional.ofNullable(current);
        }
    }

    /** Tells {@code listener} of every configuration received from now on (on the thread that received it). */
    public void addListener(Consumer<AppConfig> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** A configuration arrived: held, handed to every parked request and to the listeners, unless it is the same. */
    public void update(AppConfig config) {
        Objects.requireNonNull(config, "config");
        List<CompletableFuture<Optional<AppConfig>>> woken;
        synchronized (lock) {
            if (config.equals(current)) {
                return;
            }
            current = config;
            woken = new ArrayList<>(waiters);
            waiters.clear();
        }
        log.info("app configuration version {} received ({} keys)", config.version(), config.values().size());
        woken.forEach(waiter -> waiter.complete(Optional.of(config)));
        for (Consumer<AppConfig> listener : listeners) {
            try {
                listener.accept(config);
            } catch (RuntimeException e) {
                log.warn("app configuration listener {} failed on version {}", listener, config.version(), e);
            }
        }
    }

    /**
     * A future completed with the configuration as soon as one other than {@code version} is held (at once if it is
     * already), or empty when {@code wait} passes first (scheduled on {@code timer}); empty when {@code maxWaiters}
     * requests are parked already.
     */
    public Optional<CompletableFuture<Optional<AppConfig>>> await(String version, Duration wait,
                                                                  ScheduledExecutorService timer) {
        CompletableFuture<Optional<AppConfig>> waiter = new CompletableFuture<>();
        synchronized (lock) {
            if (current != null && !current.version().equals(version)) {
                return Optional.of(CompletableFuture.completedFuture(Optional.of(current)));
            }
            if (waiters.size() >= maxWaiters) {
                return Optional.empty();
            }
            waiters.add(waiter);
        }
        ScheduledFuture<?> timeout = timer.schedule(() -> waiter.complete(Optional.empty()), wait.toNanos(),
                TimeUnit.NANOSECONDS);
        waiter.whenComplete((config, e) -> {
            timeout.cancel(false);
            synchronized (lock) {
                waiters.remove(waiter);
            }
        });
        return Optional.of(waiter);
    }

    /** How many requests are parked now. */
    public int waiting() {
        synchronized (lock) {
            return waiters.size();
        }
    }
}
