package io.banyan.sidecar.tls;

import io.banyan.testkit.time.FakeClock;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Runs {@code execute} at once on the caller; keeps scheduled tasks until the test runs those that are due. */
public final class ManualScheduler implements TaskScheduler {

    public record Scheduled(Instant due, Duration delay, Runnable task) {
    }

    private final FakeClock clock;
    private final List<Scheduled> scheduled = new ArrayList<>();

    public ManualScheduler(FakeClock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void schedule(Runnable task, Duration delay) {
        scheduled.add(new Scheduled(clock.instant().plus(delay), delay, task));
    }

    @Override
    public void execute(Runnable task) {
        task.run();
    }

    public synchronized List<Scheduled> scheduled() {
        return List.copyOf(scheduled);
    }

    /** Moves the clock to the earliest scheduled task and runs it. */
    public void runNext() {
        Scheduled next;
        synchronized (this) {
            next = scheduled.stream().min(java.util.Comparator.comparing(Scheduled::due)).orElseThrow();
            scheduled.remove(next);
        }
        if (next.due().isAfter(clock.instant())) {
            clock.set(next.due());
        }
        next.task().run();
    }
}
