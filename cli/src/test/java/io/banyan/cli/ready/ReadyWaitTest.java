package io.banyan.cli.ready;

import io.banyan.primitives.time.Backoff;
import io.banyan.testkit.time.FakeClock;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The poll loop on a clock moved by hand: pauses follow the backoff, never past the deadline, never zero. */
class ReadyWaitTest {

    private final FakeClock clock = new FakeClock();
    private final List<Duration> pauses = new ArrayList<>();
    private final Deque<Object> answers = new ArrayDeque<>();

    private ReadyWait wait(Backoff backoff) {
        ReadyProbe probe = timeout -> {
            Object next = answers.isEmpty() ? new ReadyProbe.Answer(503, "draining") : answers.poll();
            if (next instanceof ConnectException e) {
                throw e;
            }
            return (ReadyProbe.Answer) next;
        };
        return new ReadyWait(probe, backoff, clock::nanoTime, delay -> {
            pauses.add(delay);
            clock.advance(delay);
        });
    }

    @Test
    void pausesGrowByTheBackoffUntilReady() throws Exception {
        answers.add(new ConnectException("Connection refused"));
        answers.add(new ReadyProbe.Answer(503, "waiting for the workload certificate from the control plane"));
        answers.add(new ReadyProbe.Answer(503, "waiting for the first configuration from the control plane"));
        answers.add(new ReadyProbe.Answer(200, "ready\nstale_config since 2026-12-07T22:00:00Z"));

        ReadyWait.Outcome outcome = wait(Backoff.exponential(Duration.ofMillis(50), Duration.ofSeconds(1)))
                .await(Duration.ofSeconds(60));

        assertThat(outcome).isEqualTo(new ReadyWait.Outcome(true, 4,
                "'ready; stale_config since 2026-12-07T22:00:00Z'"));
        assertThat(pauses).containsExactly(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void atTheDeadlineTheLastPauseIsCutAndTheLastAnswerSaysWhy() throws Exception {
        ReadyWait.Outcome outcome = wait(Backoff.fixed(Duration.ofMillis(400))).await(Duration.ofSeconds(1));

        assertThat(outcome).isEqualTo(new ReadyWait.Outcome(false, 4, "last answer 503 'draining'"));
        assertThat(pauses).containsExactly(Duration.ofMillis(400), Duration.ofMillis(400), Duration.ofMillis(200));
    }

    @Test
    void aTimeoutOfZeroPollsOnce_aRefusedConnectionIsNamed() throws Exception {
        answers.add(new ConnectException(null));

        ReadyWait.Outcome outcome = wait(ReadyWait.DEFAULT_BACKOFF).await(Duration.ZERO);

        assertThat(outcome).isEqualTo(new ReadyWait.Outcome(false, 1, "cannot connect (connection refused)"));
        assertThat(pauses).isEmpty();
    }

    @Test
    void aBodyWithControlCharactersIsShownSafely() throws Exception {
        answers.add(new ReadyProbe.Answer(200, "ready\u001b[2J"));

        assertThat(wait(ReadyWait.DEFAULT_BACKOFF).await(Duration.ofSeconds(1)).detail()).isEqualTo("'ready?[2J'");
    }
}
