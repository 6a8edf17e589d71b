package io.banyan.primitives.random;

import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * A random source safe to share between threads: every call uses the calling thread's {@link ThreadLocalRandom}.
 * An instance of {@code ThreadLocalRandom.current()} kept and used from other threads (event loops) would run from an
 * unseeded state there, giving every event loop the same sequence.
 */
public final class PerThreadRandom implements RandomGenerator {

    private static final PerThreadRandom INSTANCE = new PerThreadRandom();

    private PerThreadRandom() {
    }

    /** The shared source (it holds no state of its own). */
    public static RandomGenerator get() {
        return INSTANCE;
    }

    @Override
    public long nextLong() {
        return ThreadLocalRandom.current().nextLong();
    }

    @Override
    public long nextLong(long bound) {
        return ThreadLocalRandom.current().nextLong(bound);
    }

    @Override
    public int nextInt(int bound) {
        return ThreadLocalRandom.current().nextInt(bound);
    }

    @Override
    public double nextDouble() {
        return ThreadLocalRandom.current().nextDouble();
    }
}
