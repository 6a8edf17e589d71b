package io.banyan.controlplane.store;

import io.banyan.testkit.time.FakeClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The leader's lease window, on a fake clock: it starts when the grant or keep-alive was sent (not when its answer
 * came), lasts three quarters of the TTL etcd granted, and ends for good when etcd no longer knows the lease.
 */
class LeaseWindowTest {

    private final FakeClock clock = new FakeClock();
    private final LeaseWindow window = new LeaseWindow(clock);

    @Test
    void closedBeforeTheFirstGrant() {
        assertThat(window.alive()).isFalse();
    }

    @Test
    void theWindowStartsWhenTheGrantWasSentAndUsesTheGrantedTtlLessAQuarter() {
        Instant sentAt = window.sending();
        clock.advance(Duration.ofMillis(400)); // the answer takes 400 ms
        window.granted(sentAt, 2);

        clock.advance(Duration.ofMillis(1099));
        assertThat(window.alive()).as("1.499 s after the request was sent").isTrue();
        clock.advance(Duration.ofMillis(1));
        assertThat(window.alive()).as("1.5 s after it was sent, while etcd's 2 s TTL still runs").isFalse();
    }

    @Test
    void aKeepAliveExtendsFromWhenItWasSentAndALateAnswerNeverShortens() {
        window.granted(window.sending(), 10);
        clock.advance(Duration.ofSeconds(3));
        Instant early = window.sending();
        clock.advance(Duration.ofSeconds(1));
        Instant later = window.sending();
        window.renewed(later, 10);
        window.renewed(early, 10); // answered after the later one

        clock.advance(Duration.ofMillis(7499));
        assertThat(window.alive()).as("7.499 s after the later keep-alive was sent").isTrue();
        clock.advance(Duration.ofMillis(1));
        assertThat(window.alive()).isFalse();
    }

    @Test
    void aLeaseEtcdNoLongerKnowsIsLostUntilANewGrant() {
        window.granted(window.sending(), 10);
        window.renewed(window.sending(), 0);
        assertThat(window.alive()).isFalse();
        window.renewed(window.sending(), 10);
        assertThat(window.alive()).as("lost for good").isFalse();

        window.granted(window.sending(), 10);
        assertThat(window.alive()).isTrue();
        window.lost();
        assertThat(window.alive()).isFalse();
    }

    @Test
    void windows() {
        assertThat(LeaseWindow.window(2)).isEqualTo(Duration.ofMillis(1500));
        assertThat(LeaseWindow.window(10)).isEqualTo(Duration.ofMillis(7500));
    }
}
