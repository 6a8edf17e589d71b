package io.banyan.controlplane.store;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** A transaction's byte budget counts UTF-8 bytes, as etcd's request limit does, and names its largest entry. */
class EtcdWriteSetTest {

    @Test
    void bytesAreUtf8() {
        for (String text : new String[] {"", "orders", "café", "注文", "😀 emoji"}) {
            assertThat(EtcdWriteSet.utf8Length(text)).as(text)
                    .isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
        }
        EtcdWriteSet set = new EtcdWriteSet();
        set.write("services", "注文", "注文注文");
        assertThat(set.bytes()).isEqualTo("services".length() + 6 + 12 + 16);
    }

    @Test
    void theLargestEntryIsNamed() {
        EtcdWriteSet set = new EtcdWriteSet();
        set.write("services", "a", "x");
        set.write("heartbeats", "cp-1", "y".repeat(100));
        set.write("services", "gone", null);
        assertThat(set.largest()).isEqualTo(new EtcdWriteSet.Written("heartbeats", "cp-1", 10 + 4 + 100 + 16));
    }
}
