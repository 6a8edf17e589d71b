package io.banyan.cli.demo;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs a demo with a JVM shutdown hook (Ctrl-C) that gives its stop signal and waits up to 15 s for the run to end,
 * so that it closes what it started.
 */
public final class CtrlC {

    private static final long CLEAN_UP_SECONDS = 15;

    private CtrlC() {
    }

    /** Runs {@code body} (the demo, watching {@code stop}) and answers its exit code. */
    public static int run(StopSignal stop, Callable<Integer> body) throws Exception {
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.stop();
            try {
                finished.await(CLEAN_UP_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return body.call();
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook is running
            }
        }
    }
}
