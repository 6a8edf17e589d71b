package io.banyan.controlplane.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The followers' queue: the changes of each watch response are told in order on the queue's own thread; a follower
 * that blocks holds up only the queue; too many waiting changes are dropped for one reload.
 */
class EtcdFollowerQueueTest {

    private final List<String> heard = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<StoreFollower> followers = new CopyOnWriteArrayList<>();
    private EtcdFollowerQueue queue;

    @AfterEach
    void close() {
        release.countDown();
        if (queue != null) {
            queue.close();
        }
    }

    private StoreFollower blockingFollower() {
        return new StoreFollower() {
            @Override
            public void changed(String map, String key, String value) {
                heard.add(key + "=" + value);
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void reloaded() {
                heard.add("reloaded");
            }
        };
    }

    private static EtcdMirror.Change change(String key) {
        return new EtcdMirror.Change("services", key, "v-" + key);
    }

    @Test
    void changesAreToldInOrderPerResponse() {
        followers.add(blockingFollower());
        release.countDown();
        queue = new EtcdFollowerQueue(followers, 10);
        queue.changed(List.of(change("a"), change("b")));
        queue.changed(List.of());
        queue.changed(List.of(change("c")));

        await().atMost(Duration.ofSeconds(10)).until(() -> heard.size() == 3);
        assertThat(heard).containsExactly("a=v-a", "b=v-b", "c=v-c");
    }

    @Test
    void overflowDropsWhatWaitsAndTellsOneReload() {
        followers.add(blockingFollower());
        queue = new EtcdFollowerQueue(followers, 3);
        queue.changed(List.of(change("blocked")));
        await().atMost(Duration.ofSeconds(10)).until(() -> heard.size() == 1); // the follower now blocks on it

        queue.changed(List.of(change("a"), change("b")));
        queue.changed(List.of(change("c")));
        assertThat(queue.overflows()).isZero();
        queue.changed(List.of(change("d")));
        assertThat(queue.overflows()).as("4 waiting > 3").isOne();
        queue.changed(List.of(change("e")));
        release.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> heard.size() == 3);
        assertThat(heard).containsExactly("blocked=v-blocked", "reloaded", "e=v-e");
    }

    @Test
    void aReloadReplacesWhatWaits() {
        followers.add(blockingFollower());
        queue = new EtcdFollowerQueue(followers, 100);
        queue.changed(List.of(change("blocked")));
        await().atMost(Duration.ofSeconds(10)).until(() -> heard.size() == 1);
        queue.changed(List.of(change("a")));
        queue.reloaded();
        release.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> heard.size() == 2);
        assertThat(heard).containsExactly("blocked=v-blocked", "reloaded");
    }
}
