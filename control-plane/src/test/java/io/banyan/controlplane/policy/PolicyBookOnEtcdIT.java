package io.banyan.controlplane.policy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.banyan.controlplane.revision.ConfigChange;
import io.banyan.controlplane.revision.ConfigKind;
import io.banyan.controlplane.revision.ConfigWrite;
import io.banyan.controlplane.revision.RevisionAction;
import io.banyan.controlplane.revision.Revisions;
import io.banyan.controlplane.store.Store;
import io.banyan.controlplane.store.StoreBatch;
import io.banyan.controlplane.store.StoredRevision;
import io.banyan.controlplane.support.EtcdReplicas;
import io.banyan.testkit.time.FakeClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Policy books of two replicas on a real etcd: a write that another replica's write overtook records as its revision's
 * {@code before} (and action) what it really replaced, made inside the write, not what this replica read before it.
 */
class PolicyBookOnEtcdIT {

    private static final TrafficPolicy FIRST = new TrafficPolicy(null, null,
            new Retries("5xx", 3, null, null, null, null), null, null, null, null);
    private static final TrafficPolicy SECOND = new TrafficPolicy(null, null,
            new Retries("5xx", 2, null, null, null, null), null, null, null, null);

    @RegisterExtension
    static final EtcdReplicas etcd = new EtcdReplicas();

    private final FakeClock clock = new FakeClock();

    private Store replica(String name) {
        return etcd.replica(name);
    }

    @Test
    void aWriteOvertakenByAnotherReplicasRecordsWhatItReallyReplaced() throws Exception {
        Store storeA = replica("a");
        Store storeB = replica("b");
        PolicyBook a = new PolicyBook(storeA, clock);
        Revisions revisionsB = new Revisions(storeB, clock, new SimpleMeterRegistry());
        PolicyBook b = new PolicyBook(storeB, clock, revisionsB);

        // replica b's writer is held by a write of its own, so b's policy write waits behind it
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(1);
        CompletableFuture<StoredRevision> held = CompletableFuture.supplyAsync(() -> revisionsB.write(
                ConfigKind.SERVICE, "held", seen -> {
                    holding.countDown();
                    await().atMost(Duration.ofSeconds(30)).until(() -> release.getCount() == 0);
                    return new ConfigChange(ConfigKind.SERVICE, "held", RevisionAction.CREATE, null,
                            JsonNodeFactory.instance.objectNode().put("name", "held"));
                }, ConfigWrite.by(ConfigWrite.ADMIN), new StoreBatch()));
        assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
        Thread writer = new Thread(() -> b.put("orders", SECOND, ConfigWrite.by(ConfigWrite.ADMIN)), "b-put");
        writer.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> writer.getState() == Thread.State.WAITING
                || writer.getState() == Thread.State.TIMED_WAITING);

        a.put("orders", FIRST, ConfigWrite.by(ConfigWrite.ADMIN)); // overtakes b's write
        release.countDown();
        held.get(30, TimeUnit.SECONDS);
        writer.join(TimeUnit.SECONDS.toMillis(30));

        StoredRevision written = revisionsB.newest(ConfigKind.POLICY.wireName(), "orders").orElseThrow();
        assertThat(written.action()).isEqualTo(RevisionAction.UPDATE.wireName());
        assertThat(written.before()).isEqualTo(revisionsB.tree(new String(new PolicyJson().write(FIRST),
                StandardCharsets.UTF_8)));
    }
}
