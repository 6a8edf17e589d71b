package io.banyan.dataplane.config;

/** Ring size bounds of {@link RingHash}; Envoy's defaults are 1024 and 8M entries. */
public record RingHashSettings(int minRingSize, int maxRingSize) {

    public static final int LIMIT = 8 * 1024 * 1024;
    public static final RingHashSettings DEFAULT = new RingHashSettings(1024, LIMIT);

    public RingHashSettings {
        if (minRingSize < 1 || minRingSize > LIMIT) {
            throw new IllegalArgumentException("ringHash.minRingSize: " + minRingSize + " (expected: 1.." + LIMIT + ")");
        }
        if (maxRingSize < minRingSize || maxRingSize > LIMIT) {
            throw new IllegalArgumentException("ringHash.maxRingSize: " + maxRingSize
                    + " (expected: " + minRingSize + ".." + LIMIT + ")");
        }
    }
}
