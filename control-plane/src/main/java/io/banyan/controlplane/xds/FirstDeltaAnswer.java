package io.banyan.controlplane.xds;

import io.envoyproxy.controlplane.cache.DeltaResponse;
import io.envoyproxy.controlplane.cache.DeltaWatch;
import io.envoyproxy.controlplane.cache.VersionedResource;
import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import io.envoyproxy.controlplane.cache.v3.Snapshot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A delta stream's first watch of a wildcard type (CDS, LDS) always gets a response, empty if the client holds all
 * there is (or there is nothing): java-control-plane's cache answers only when it has resources to send, and a client
 * (Envoy, our sidecar) waits for a first CDS and LDS response before it applies anything. A watch the cache leaves
 * open is answered from the node's snapshot: what differs from what the client holds, with the type's version. When
 * the node has no snapshot yet (the publisher builds it on its own thread), it is looked for again (5 ms doubling to
 * 200 ms) while the stream is open. Whichever answers first, the cache or this, the watch is answered once.
 */
final class FirstDeltaAnswer implements AutoCloseable {

    private static final Duration FIRST_LOOK = Duration.ofMillis(5);
    private static final Duration LAST_LOOK = Duration.ofMillis(200);

    private final SimpleCache<String> cache;
    private final ScheduledExecutorService lookAgain = SingleThreadScheduler.named("banyan-xds-delta-first");

    /** @param cache the snapshots, keyed by node id */
    FirstDeltaAnswer(SimpleCache<String> cache) {
        this.cache = cache;
    }

    /**
     * Creates the watch with {@code create} (handed the consumer to give the cache) and answers it if the cache does
     * not.
     *
     * @param consumer where the one response goes
     * @param open     whether the stream is still open
     */
    DeltaWatch watch(Consumer<DeltaResponse> consumer, Function<Consumer<DeltaResponse>, DeltaWatch> create,
                     BooleanSupplier open) {
        AtomicBoolean answered = new AtomicBoolean();
        Consumer<DeltaResponse> once = response -> {
            if (answered.compareAndSet(false, true)) {
                consumer.accept(response);
            }
        };
        DeltaWatch watch = create.apply(once);
        answer(watch, answered, once, open, FIRST_LOOK);
        return watch;
    }

    private void answer(DeltaWatch watch, AtomicBoolean answered, Consumer<DeltaResponse> once, BooleanSupplier open,
                        Duration delay) {
        if (answered.get() || watch.isCancelled() || !open.getAsBoolean()) {
            return;
        }
        Snapshot snapshot = cache.getSnapshot(watch.request().v3Request().getNode().getId());
        if (snapshot == null) {
            Duration next = delay.multipliedBy(2).compareTo(LAST_LOOK) > 0 ? LAST_LOOK : delay.multipliedBy(2);
            lookAgain.schedule(() -> answer(watch, answered, once, open, next), delay.toNanos(), TimeUnit.NANOSECONDS);
            return;
        }
        Map<String, VersionedResource<?>> resources = snapshot.versionedResources(watch.request().getResourceType());
        Map<String, VersionedResource<?>> changed = new HashMap<>();
        resources.forEach((name, resource) -> {
            if (!resource.version().equals(watch.trackedResources().get(name))) {
                changed.put(name, resource);
            }
        });
        List<String> removed = new ArrayList<>(watch.trackedResources().keySet());
        removed.removeAll(resources.keySet());
        watch.cancel();
        once.accept(DeltaResponse.create(watch.request(), changed, removed,
                snapshot.version(watch.request().getResourceType(), List.of())));
    }

    @Override
    public void close() {
        lookAgain.shutdownNow();
    }
}
