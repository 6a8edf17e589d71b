package io.banyan.sidecar.tls;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Runs the certificate manager's work on its own thread, now or later; a fake in tests moves time by hand. */
public interface TaskScheduler extends Executor {

    void schedule(Runnable task, Duration delay);

    /** Backed by a (dedicated, never an event loop) scheduled executor. */
    static TaskScheduler of(ScheduledExecutorService executor) {
        Objects.requireNonNull(executor, "executor");
        return new TaskScheduler() {
            @Override
            public void schedule(Runnable task, Duration delay) {
                executor.schedule(task, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
            }

            @Override
            public void execute(Runnable task) {
                executor.execute(task);
            }
        };
    }
}
