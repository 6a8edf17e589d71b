package io.banyan.sidecar.resilience;

import io.banyan.primitives.check.Checks;
import io.banyan.primitives.time.Ticker;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * The point in time by which a request must be answered: the route timeout from the request's start,
 * shortened by a deadline the request brought along ({@code x-banyan-deadline-ms} or {@code grpc-timeout}).
 * Travels to the next hop as the remaining time, so that it does not work past it. Immutable.
 */
public final class Deadline {

    /** HTTP header carrying the remaining milliseconds; relative, so clocks of hosts need not agree. */
    public static final String HEADER = "x-banyan-deadline-ms";
    /** gRPC's timeout header: up to 8 digits and a unit (H, M, S, m, u, n). */
    public static final String GRPC_TIMEOUT = "grpc-timeout";

    private static final long UNBOUNDED = Long.MAX_VALUE;
    private static final long MAX_GRPC_VALUE = 99_999_999L;

    private final Ticker ticker;
    private final long deadlineNanos;

    private Deadline(Ticker ticker, long deadlineNanos) {
        this.ticker = ticker;
        this.deadlineNanos = deadlineNanos;
    }

    /** A deadline {@code timeout} from now; a zero timeout means no deadline. */
    public static Deadline after(Duration timeout, Ticker ticker) {
        Checks.nonNegative(timeout, "timeout");
        Checks.nonNull(ticker, "ticker");
        return timeout.isZero() ? new Deadline(ticker, UNBOUNDED)
                : new Deadline(ticker, ticker.nanoTime() + timeout.toNanos());
    }

    /** No deadline. */
    public static Deadline none(Ticker ticker) {
        return new Deadline(Checks.nonNull(ticker, "ticker"), UNBOUNDED);
    }

    /**
     * This deadline, or an earlier one the request brought in its headers (either may be null). Malformed
     * values are ignored: they come from the network.
     */
    public Deadline withIncoming(String deadlineMsHeader, String grpcTimeoutHeader) {
        Deadline result = this;
        OptionalLong ms = parseDeadlineMs(deadlineMsHeader);
        if (ms.isPresent()) {
            result = result.atMostNanos(TimeUnit.MILLISECONDS.toNanos(ms.getAsLong()));
        }
        OptionalLong grpc = parseGrpcTimeout(grpcTimeoutHeader);
        if (grpc.isPresent()) {
            result = result.atMostNanos(grpc.getAsLong());
        }
        return result;
    }

    /** The earlier of this deadline and {@code nanos} from now. */
    public Deadline atMostNanos(long nanos) {
        long candidate = ticker.nanoTime() + Math.max(0, nanos);
        return candidate < deadlineNanos ? new Deadline(ticker, candidate) : this;
    }

    public boolean isBounded() {
        return deadlineNanos != UNBOUNDED;
    }

    /** Nanoseconds left, 0 once passed; {@link Long#MAX_VALUE} without a deadline. */
    public long remainingNanos() {
        return isBounded() ? Math.max(0, deadlineNanos - ticker.nanoTime()) : UNBOUNDED;
    }

    public boolean isExpired() {
        return remainingNanos() == 0;
    }

    /**
     * The timeout of the next attempt: the per-try timeout (zero for none), but never past the deadline.
     * {@link Long#MAX_VALUE} when neither bounds it.
     */
    public long attemptTimeoutNanos(Duration perTryTimeout) {
        Checks.nonNegative(perTryTimeout, "perTryTimeout");
        long remaining = remainingNanos();
        return perTryTimeout.isZero() ? remaining : Math.min(remaining, perTryTimeout.toNanos());
    }

    /** The value of {@link #HEADER} for the next hop: the remaining whole milliseconds; null without a deadline. */
    public String toHeaderValue() {
        return isBounded() ? Long.toString(TimeUnit.NANOSECONDS.toMillis(remainingNanos())) : null;
    }

    /** The value of {@link #GRPC_TIMEOUT} for the next hop, e.g. {@code "1500m"}; null without a deadline. */
    public String toGrpcTimeout() {
        return isBounded() ? formatGrpcTimeout(remainingNanos()) : null;
    }

    /**
     * Formats a timeout in gRPC's form, rounding down (the next hop never gets more than we have): milliseconds
     * when it has whole ones and fits in 8 digits, then coarser or finer units as needed.
     */
    public static String formatGrpcTimeout(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("nanos: " + nanos + " (expected: >= 0)");
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(nanos);
        if (millis == 0) {
            long micros = TimeUnit.NANOSECONDS.toMicros(nanos);
            return micros > 0 ? micros + "u" : nanos + "n";
        }
        if (millis <= MAX_GRPC_VALUE) {
            return millis + "m";
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(nanos);
        if (seconds <= MAX_GRPC_VALUE) {
            return seconds + "S";
        }
        long minutes = TimeUnit.NANOSECONDS.toMinutes(nanos);
        if (minutes <= MAX_GRPC_VALUE) {
            return minutes + "M";
        }
        return Math.min(MAX_GRPC_VALUE, TimeUnit.NANOSECONDS.toHours(nanos)) + "H";
    }

    /** Parses a {@code grpc-timeout} value into nanoseconds; empty if absent or malformed. */
    public static OptionalLong parseGrpcTimeout(String value) {
        if (value == null || value.length() < 2 || value.length() > 9) {
            return OptionalLong.empty();
        }
        String digits = value.substring(0, value.length() - 1);
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return OptionalLong.empty();
            }
        }
        long amount = Long.parseLong(digits);
        TimeUnit unit;
        switch (value.charAt(value.length() - 1)) {
            case 'H' -> unit = TimeUnit.HOURS;
            case 'M' -> unit = TimeUnit.MINUTES;
            case 'S' -> unit = TimeUnit.SECONDS;
            case 'm' -> unit = TimeUnit.MILLISECONDS;
            case 'u' -> unit = TimeUnit.MICROSECONDS;
            case 'n' -> unit = TimeUnit.NANOSECONDS;
            default -> {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.of(unit.toNanos(amount));
    }

    /** Parses an {@code x-banyan-deadline-ms} value (non-negative whole milliseconds); empty if absent or malformed. */
    public static OptionalLong parseDeadlineMs(String value) {
        if (value == null || value.isEmpty() || value.length() > 12) {
            return OptionalLong.empty();
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.of(Long.parseLong(value));
    }
}
