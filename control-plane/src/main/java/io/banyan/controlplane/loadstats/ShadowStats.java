package io.banyan.controlplane.loadstats;

import java.util.List;

/**
 * The shadow copies of a migration over a window: {@code compared} pairs of answers ({@code equal} plus
 * {@code different}), {@code failed} copies that got no complete answer (refused, reset, timed out) or whose live
 * answer failed, {@code dropped} copies never sent (in-flight bound, body too large), and the latest differing
 * samples, newest last.
 */
public record ShadowStats(long compared, long equal, long different, long failed, long dropped,
                          List<ShadowSample> samples) {

    public static final ShadowStats EMPTY = new ShadowStats(0, 0, 0, 0, 0, List.of());

    public ShadowStats {
        samples = List.copyOf(samples);
    }
}
