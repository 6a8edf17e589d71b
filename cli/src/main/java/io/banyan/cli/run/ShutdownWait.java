package io.banyan.cli.run;

import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Blocks the calling (main) thread until the JVM is asked to stop (SIGINT, SIGTERM), closing the
 * resource from a shutdown hook so that the process exits only after a graceful close.
 */
public final class ShutdownWait {

    private static final Logger log = LoggerFactory.getLogger(ShutdownWait.class);

    private final Runtime runtime;

    public ShutdownWait(Runtime runtime) {
        this.runtime = runtime;
    }

    /** Registers the hook and waits; returns only if the waiting thread is interrupted. */
    public void closeOnShutdown(String name, AutoCloseable resource) throws InterruptedException {
        CountDownLatch closed = new CountDownLatch(1);
        runtime.addShutdownHook(new Thread(() -> {
            try {
                log.info("{}: shutting down", name);
                resource.close();
            } catch (Exception e) {
                log.warn("{}: error while closing", name, e);
            } finally {
                closed.countDown();
            }
        }, name + "-shutdown"));
        closed.await();
    }
}
