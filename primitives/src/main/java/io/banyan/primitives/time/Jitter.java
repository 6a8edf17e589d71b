package io.banyan.primitives.time;

/**
 * How much of a backoff delay is random: the delay {@code d} becomes {@code d - d * fraction * random} with
 * {@code random} uniform in {@code [0, 1)}. {@link #FULL} spreads over the whole {@code (0, d]}, {@link #EQUAL} over
 * {@code (d/2, d]}, {@link #NONE} waits exactly {@code d}.
 *
 * @param fraction the random part of the delay, {@code 0..1}
 */
public record Jitter(double fraction) {

    public static final Jitter NONE = new Jitter(0);
    public static final Jitter EQUAL = new Jitter(0.5);
    public static final Jitter FULL = new Jitter(1);

    public Jitter {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("jitter: " + fraction + " (expected: >= 0 and <= 1)");
        }
    }

    /** A jitter of {@code fraction} of each delay: 0.2 waits between 80% and 100% of it. */
    public static Jitter of(double fraction) {
        return new Jitter(fraction);
    }

    long apply(long nanos, double random) {
        return nanos - (long) (nanos * fraction * random);
    }
}
