package io.banyan.controlplane.registry;

import io.banyan.controlplane.store.Store;
import io.banyan.testkit.time.FakeClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TtlSweeperTest {

    @TempDir
    Path dir;

    @Test
    void sweeperPublishesExpiryWithoutAnyRead() throws Exception {
        FakeClock clock = new FakeClock();
        try (Store store = Store.open(dir);
             Registry registry = new Registry(store, clock, new SimpleMeterRegistry());
             TtlSweeper sweeper = new TtlSweeper(registry, Duration.ofMillis(10))) {
            registry.register(Registration.builder().service("orders").host("h").port(1).ttlSeconds(5L).build());
            RecordingListener listener = new RecordingListener();
            registry.addListener(listener);
            long start = listener.next().revision();
            sweeper.start();
            clock.advance(Duration.ofSeconds(6));
            RegistrySnapshot expired = listener.next();
            assertThat(expired.revision()).isEqualTo(start + 1);
            assertThat(expired.instances("orders")).noneMatch(InstanceHealth::healthy);
        }
    }

    @Test
    void intervalMustBePositive() {
        assertThatThrownBy(() -> new TtlSweeper(null, Duration.ZERO)).isInstanceOf(NullPointerException.class);
    }
}
