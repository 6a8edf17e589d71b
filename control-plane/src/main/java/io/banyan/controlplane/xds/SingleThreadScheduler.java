package io.banyan.controlplane.xds;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/** The one daemon thread of an xDS part (publisher, node sweeper); cancelled tasks leave its queue at once. */
final class SingleThreadScheduler {

    private SingleThreadScheduler() {
    }

    static ScheduledExecutorService named(String threadName) {
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        pool.setRemoveOnCancelPolicy(true);
        return pool;
    }
}
