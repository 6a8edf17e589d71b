package io.banyan.controlplane.store;

import io.etcd.jetcd.KV;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The etcd writer without etcd: a write larger than one transaction's budget fails at once, never sent. */
class EtcdWriterTest {

    private final AtomicInteger sent = new AtomicInteger();
    private final KV kv = (KV) Proxy.newProxyInstance(KV.class.getClassLoader(), new Class<?>[] {KV.class},
            (proxy, method, args) -> {
                sent.incrementAndGet();
                throw new AssertionError("sent to etcd: " + method.getName());
            });
    private final EtcdWriter writer = new EtcdWriter(kv, new EtcdMirror(), new EtcdKeys("/banyan/"),
            Duration.ofSeconds(5), 100, new EtcdWriter.Host() {
                @Override
                public StoreUnavailableException unavailable(String cause) {
                    return new StoreUnavailableException(cause);
                }

                @Override
                public StoreUnavailableException refusal() {
                    return null;
                }

                @Override
                public void sync() {
                }
            });

    @AfterEach
    void close() {
        writer.close();
    }

    @Test
    void aLoneWriteLargerThanTheBudgetFailsAtOnceNamingMapKeyAndSize() {
        String value = "é".repeat(600_000); // 600,000 chars, 1,200,000 bytes
        CompletableFuture<Object> written = writer.submit(maps -> {
            maps.put("services", "small", "x");
            maps.put("heartbeats", "cp-1", value);
            return null;
        });

        assertThatThrownBy(written::get).isInstanceOf(ExecutionException.class).cause()
                .isInstanceOf(StoreException.class)
                .hasMessage("write too large for the store on etcd: 1200060 bytes (expected: at most 1048576 per"
                        + " transaction); its largest entry is heartbeats 'cp-1' of 1200030 bytes");
        assertThat(sent).as("nothing sent to etcd").hasValue(0);
    }
}
