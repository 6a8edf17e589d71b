package io.banyan.dataplane.config;

/** The load-balancing algorithms, as Envoy names them (plus Linkerd's peak-EWMA). */
public enum LbAlgorithm {
    /** Weighted round robin with heavy endpoints interleaved ({@link RoundRobin}). */
    ROUND_ROBIN,
    /** Weighted random ({@link WeightedRandom}). */
    RANDOM,
    /** Power of two choices on active requests ({@link LeastRequest}). */
    LEAST_REQUEST,
    /** Ketama-style consistent hashing ring ({@link RingHash}). */
    RING_HASH,
    /** Maglev consistent hashing table ({@link Maglev}). */
    MAGLEV,
    /** Power of two choices on peak-EWMA latency times load ({@link PeakEwma}). */
    PEAK_EWMA
}
