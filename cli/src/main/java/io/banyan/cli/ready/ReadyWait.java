package io.banyan.cli.ready;

import io.banyan.cli.ctl.migrations.Shown;
import io.banyan.primitives.time.Backoff;
import io.banyan.primitives.time.Jitter;
import io.banyan.primitives.time.Ticker;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;

/**
 * Polls {@code /ready} until it answers 200 or the timeout is over, pausing between polls by the one {@link Backoff}
 * (from {@link #DEFAULT_BACKOFF}'s first delay growing to its cap, with jitter), never more than the time left. The
 * clock and the pause are injected, so the loop is tested without sleeping.
 */
final class ReadyWait {

    /** 50 ms doubling to 1 s, 20 % jitter: a sidecar that gets ready is seen within about a second. */
    static final Backoff DEFAULT_BACKOFF = Backoff.exponential(Duration.ofMillis(50), Duration.ofSeconds(1))
            .withJitter(Jitter.of(0.2));
    /** The longest a single poll may take. */
    static final Duration MAX_POLL = Duration.ofSeconds(2);

    /** Waits {@code delay}: {@code Thread::sleep} in the command, a clock moved by hand in tests. */
    @FunctionalInterface
    interface Pause {
        void sleep(Duration delay) throws InterruptedException;
    }

    /**
     * How the wait ended.
     *
     * @param ready  whether /ready answered 200
     * @param polls  how many polls were made
     * @param detail the ready body, or why not ready: the last answer or the connection's failure
     */
    record Outcome(boolean ready, int polls, String detail) {
    }

    private final ReadyProbe probe;
    private final Backoff backoff;
    private final Ticker ticker;
    private final Pause pause;

    ReadyWait(ReadyProbe probe, Backoff backoff, Ticker ticker, Pause pause) {
        this.probe = Objects.requireNonNull(probe, "probe");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.pause = Objects.requireNonNull(pause, "pause");
    }

    /** Polls until ready or {@code timeout} is over (at least one poll is made, even for a timeout of 0). */
    Outcome await(Duration timeout) throws InterruptedException {
        long deadline = ticker.nanoTime() + timeout.toNanos();
        String last;
        int polls = 0;
        while (true) {
            long left = deadline - ticker.nanoTime();
            polls++;
            try {
                ReadyProbe.Answer answer = probe.get(pollTimeout(left));
                if (answer.status() == 200) {
                    return new Outcome(true, polls, body(answer.body()));
                }
                last = "last answer " + answer.status() + " " + body(answer.body());
            } catch (IOException e) {
                last = failure(e);
            }
            left = deadline - ticker.nanoTime();
            if (left <= 0) {
                return new Outcome(false, polls, last);
            }
            pause.sleep(Duration.ofNanos(Math.min(left, backoff.delayNanos(polls))));
        }
    }

    private static Duration pollTimeout(long leftNanos) {
        return leftNanos <= 0 || leftNanos >= MAX_POLL.toNanos() ? MAX_POLL
                : Duration.ofNanos(Math.max(leftNanos, Duration.ofMillis(100).toNanos()));
    }

    /** The body on one line, control characters made safe, cut if long. */
    private static String body(String body) {
        return "'" + Shown.text(body == null ? "" : body.strip().replaceAll("\\R+", "; "), 200) + "'";
    }

    private static String failure(IOException e) {
        if (e instanceof ConnectException) {
            return "cannot connect (" + (e.getMessage() == null ? "connection refused" : e.getMessage()) + ")";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer within the poll timeout";
        }
        return "request failed (" + e + ")";
    }
}
