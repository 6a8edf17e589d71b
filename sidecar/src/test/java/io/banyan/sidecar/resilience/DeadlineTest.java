package io.banyan.sidecar.resilience;

import io.banyan.primitives.time.Ticker;
import io.banyan.testkit.time.FakeClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class DeadlineTest {

    private final FakeClock clock = new FakeClock();
    private final Ticker ticker = clock::nanoTime;

    @Test
    void aRouteTimeoutOf2s_after500ms_leaves1500ms_forTheNextHop() {
        Deadline deadline = Deadline.after(Duration.ofSeconds(2), ticker);
        clock.advance(Duration.ofMillis(500));
        assertThat(deadline.remainingNanos()).isEqualTo(Duration.ofMillis(1500).toNanos());
        assertThat(deadline.toHeaderValue()).isEqualTo("1500");
        assertThat(deadline.toGrpcTimeout()).isEqualTo("1500m");
        clock.advance(Duration.ofSeconds(2));
        assertThat(deadline.isExpired()).isTrue();
        assertThat(deadline.toHeaderValue()).isEqualTo("0");
    }

    @Test
    void grpcTimeoutsAreFormattedInTheFinestUnitThatFits_roundingDown() {
        assertThat(Deadline.formatGrpcTimeout(Duration.ofMillis(1500).toNanos() + 999_999)).isEqualTo("1500m");
        assertThat(Deadline.formatGrpcTimeout(Duration.ofNanos(750_000).toNanos())).isEqualTo("750u");
        assertThat(Deadline.formatGrpcTimeout(12)).isEqualTo("12n");
        assertThat(Deadline.formatGrpcTimeout(Duration.ofDays(2).toNanos())).isEqualTo("172800S");
        assertThat(Deadline.formatGrpcTimeout(Duration.ofDays(2000).toNanos())).isEqualTo("2880000M");
    }

    @Test
    void grpcTimeoutsAreParsedInEveryUnit_andGarbageIsIgnored() {
        assertThat(Deadline.parseGrpcTimeout("1500m")).hasValue(Duration.ofMillis(1500).toNanos());
        assertThat(Deadline.parseGrpcTimeout("2S")).hasValue(Duration.ofSeconds(2).toNanos());
        assertThat(Deadline.parseGrpcTimeout("1H")).hasValue(Duration.ofHours(1).toNanos());
        assertThat(Deadline.parseGrpcTimeout("3M")).hasValue(Duration.ofMinutes(3).toNanos());
        assertThat(Deadline.parseGrpcTimeout("10u")).hasValue(10_000);
        assertThat(Deadline.parseGrpcTimeout("10n")).hasValue(10);
        assertThat(Deadline.parseGrpcTimeout("123456789m")).isEqualTo(OptionalLong.empty());
        assertThat(Deadline.parseGrpcTimeout("-1m")).isEmpty();
        assertThat(Deadline.parseGrpcTimeout("10x")).isEmpty();
        assertThat(Deadline.parseGrpcTimeout("m")).isEmpty();
        assertThat(Deadline.parseGrpcTimeout(null)).isEmpty();
        assertThat(Deadline.parseDeadlineMs("250")).hasValue(250);
        assertThat(Deadline.parseDeadlineMs("-5")).isEmpty();
        assertThat(Deadline.parseDeadlineMs("1e3")).isEmpty();
        assertThat(Deadline.parseDeadlineMs("99999999999999")).isEmpty();
    }

    @Test
    void anIncomingDeadlineShorterThanOursWins_aLongerOneDoesNot() {
        Deadline own = Deadline.after(Duration.ofSeconds(15), ticker);
        assertThat(own.withIncoming("800", null).remainingNanos()).isEqualTo(Duration.ofMillis(800).toNanos());
        assertThat(own.withIncoming(null, "2S").remainingNanos()).isEqualTo(Duration.ofSeconds(2).toNanos());
        assertThat(own.withIncoming("900", "300m").remainingNanos()).isEqualTo(Duration.ofMillis(300).toNanos());
        assertThat(own.withIncoming("60000", "bogus").remainingNanos()).isEqualTo(Duration.ofSeconds(15).toNanos());
        Deadline unbounded = Deadline.none(ticker);
        assertThat(unbounded.toHeaderValue()).isNull();
        assertThat(unbounded.withIncoming("40", null).toHeaderValue()).isEqualTo("40");
        assertThat(Deadline.after(Duration.ZERO, ticker).isBounded()).isFalse();
    }

    @Test
    void thePerTryTimeoutIsCutShortByTheDeadline() {
        Deadline deadline = Deadline.after(Duration.ofSeconds(1), ticker);
        assertThat(deadline.attemptTimeoutNanos(Duration.ofMillis(300))).isEqualTo(Duration.ofMillis(300).toNanos());
        clock.advance(Duration.ofMillis(800));
        assertThat(deadline.attemptTimeoutNanos(Duration.ofMillis(300))).isEqualTo(Duration.ofMillis(200).toNanos());
        assertThat(deadline.attemptTimeoutNanos(Duration.ZERO)).isEqualTo(Duration.ofMillis(200).toNanos());
        assertThat(Deadline.none(ticker).attemptTimeoutNanos(Duration.ZERO)).isEqualTo(Long.MAX_VALUE);
    }
}
