package io.banyan.cli.demo;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Runs a demo with a JVM shutdown hook (Ctrl-C) that asks it to stop and waits up to 15 s for its clean-up. */
public final class CtrlC {

    private static final Duration CLEAN_UP = Duration.ofSeconds(15);

    /** A demo that can be asked to stop, then waited for. */
    public interface Stoppable {
        void stop(Duration timeout) throws InterruptedException;
    }

    private CtrlC() {
    }

    /** Runs {@code body} (the demo's run) while Ctrl-C stops {@code demo}; answers its exit code. */
    public static int run(Stoppable demo, Callable<Integer> body) throws Exception {
        Thread hook = new Thread(() -> {
            try {
                demo.stop(CLEAN_UP);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return body.call();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook is running
            }
        }
    }
}
