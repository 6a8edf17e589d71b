package io.banyan.controlplane.support;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.banyan.controlplane.revision.ConfigChange;
import io.banyan.controlplane.revision.ConfigKind;
import io.banyan.controlplane.revision.ConfigWrite;
import io.banyan.controlplane.revision.RevisionAction;
import io.banyan.controlplane.revision.Revisions;
import io.banyan.controlplane.store.Store;
import io.banyan.controlplane.store.StoreBatch;
import io.banyan.controlplane.store.StoredRevision;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A replica's write overtaken by another replica's: the replica's store writer is held by a write of its own (a
 * revision of service {@value #HELD}), its write waits behind it, the other replica writes meanwhile, then the writer
 * is released; on etcd the held write and the waiting one then run on a mirror that is behind and are re-run.
 */
public final class HeldWriter {

    /** The object of the revision that holds the writer. */
    public static final String HELD = "held-writer";

    private HeldWriter() {
    }

    /**
     * Runs {@code held} on {@code store}'s replica while its writer is held and {@code overtaking} (a write on another
     * replica) meanwhile; returns what {@code held} threw (null: nothing).
     */
    public static Throwable overtaken(Store store, Runnable held, Runnable overtaking) throws Exception {
        Revisions revisions = new Revisions(store, Clock.systemUTC(), new SimpleMeterRegistry());
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(1);
        CompletableFuture<StoredRevision> holder = CompletableFuture.supplyAsync(() -> revisions.write(
                ConfigKind.SERVICE, HELD, seen -> {
                    holding.countDown();
                    await().atMost(Duration.ofSeconds(30)).until(() -> release.getCount() == 0);
                    return new ConfigChange(ConfigKind.SERVICE, HELD, RevisionAction.CREATE, null,
                            JsonNodeFactory.instance.objectNode().put("name", HELD));
                }, ConfigWrite.by(ConfigWrite.ADMIN), new StoreBatch()));
        assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                held.run();
            } catch (Throwable e) {
                thrown.set(e);
            }
        }, "held-write");
        writer.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> writer.getState() == Thread.State.WAITING
                || writer.getState() == Thread.State.TIMED_WAITING);
        try {
            overtaking.run();
        } finally {
            release.countDown();
        }
        holder.get(30, TimeUnit.SECONDS);
        writer.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(writer.isAlive()).isFalse();
        return thrown.get();
    }
}
