package io.banyan.sidecar.xds;

import io.banyan.dataplane.config.MeshConfig;
import io.banyan.dataplane.config.MeshConfigListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Hands accepted configurations to the {@link MeshConfigListener} on one dedicated thread, in order and
 * never concurrently, so a slow listener never holds up the ADS stream.
 */
final class ConfigPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConfigPublisher.class);

    private final MeshConfigListener listener;
    private final ExecutorService executor;

    ConfigPublisher(MeshConfigListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
        this.executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "banyan-xds-publish");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Delivers {@code config}; completes {@code applied} with it once the listener returned normally. */
    void publish(MeshConfig config, CompletableFuture<MeshConfig> applied) {
        executor.execute(() -> {
            try {
                listener.onConfig(config);
                applied.complete(config);
            } catch (RuntimeException e) {
                log.error("MeshConfigListener failed to apply config versions {}", config.versions(), e);
            }
        });
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
