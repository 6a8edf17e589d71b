package io.banyan.sidecar.xds;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The one thread a control-plane stream client (the ADS client, the load reporter) lives on: its state, timers and
 * gRPC callbacks are confined there, never on an event loop. A loop the client owns has its own daemon thread; a
 * borrowed one (tests) is left running on {@link #stop}. Tasks handed to a stopped loop are dropped.
 */
public final class StreamLoop {

    private static final Logger log = LoggerFactory.getLogger(StreamLoop.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private final String name;
    private final ScheduledExecutorService scheduler;
    private final boolean owned;

    private StreamLoop(String name, ScheduledExecutorService scheduler, boolean owned) {
        this.name = name;
        this.scheduler = scheduler;
        this.owned = owned;
    }

    /** {@code borrowed} if not null (its owner shuts it down), else a daemon thread of its own named {@code name}. */
    public static StreamLoop of(String name, ScheduledExecutorService borrowed) {
        if (borrowed != null) {
            return new StreamLoop(name, borrowed, false);
        }
        return new StreamLoop(name, Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        }), true);
    }

    /** Runs {@code task} on the loop; dropped once the loop is stopped. Also the executor of gRPC callbacks. */
    public void execute(Runnable task) {
        try {
            scheduler.execute(task);
        } catch (RejectedExecutionException e) {
            log.debug("{}: dropping a task after close", name);
        }
    }

    public ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return scheduler.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Duration delay) {
        return scheduler.scheduleWithFixedDelay(task, delay.toNanos(), delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Runs {@code last} on the loop and waits for it (at most 5 s), then shuts an owned loop down. */
    public void stop(Runnable last) {
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        try {
            scheduler.execute(() -> {
                last.run();
                stopped.complete(null);
            });
            stopped.get(STOP_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            log.debug("{}: already stopped", name);
        } catch (Exception e) {
            log.warn("{} did not stop cleanly", name, e);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
        if (owned) {
            scheduler.shutdownNow();
        }
    }

    /**
     * The observer of one bidirectional stream, in three callbacks: the request side before the call starts, each
     * response, and the end ({@code null}: completed by the server, else the error).
     */
    public static <Q, R> ClientResponseObserver<Q, R> observer(Consumer<ClientCallStreamObserver<Q>> beforeStart,
                                                               Consumer<R> onResponse, Consumer<Throwable> onEnd) {
        return new ClientResponseObserver<>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<Q> requests) {
                beforeStart.accept(requests);
            }

            @Override
            public void onNext(R response) {
                onResponse.accept(response);
            }

            @Override
            public void onError(Throwable error) {
                onEnd.accept(error);
            }

            @Override
            public void onCompleted() {
                onEnd.accept(null);
            }
        };
    }
}
