package io.banyan.primitives.time;

/** How a {@link Backoff}'s ceiling grows with the attempt number {@code n} (1-based), before the cap. */
public enum Growth {

    /** {@code initial * multiplier^(n-1)}: with 2, 1, 2, 4, 8 times {@code initial}. */
    GEOMETRIC {
        @Override
        double factor(double multiplier, int attempt) {
            return Math.pow(multiplier, attempt - 1);
        }
    },

    /**
     * The sum of the geometric delays so far, {@code initial * (1 + multiplier + ... + multiplier^(n-1))}: with 2,
     * {@code (2^n - 1) * initial}, Envoy's retry backoff.
     */
    CUMULATIVE {
        @Override
        double factor(double multiplier, int attempt) {
            return multiplier == 1 ? attempt : (Math.pow(multiplier, attempt) - 1) / (multiplier - 1);
        }
    };

    abstract double factor(double multiplier, int attempt);
}
