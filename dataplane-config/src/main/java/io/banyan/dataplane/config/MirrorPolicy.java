package io.banyan.dataplane.config;

import io.banyan.primitives.check.Checks;

/**
 * Shadow traffic of a route (Envoy's {@code request_mirror_policies}): a copy of a sampled share of its requests,
 * {@code partsPerMillion} of {@link #MILLION}, also goes to {@code cluster}, fire-and-forget; the caller's answer
 * always comes from the route's own destination. The copy's {@code Host} gets {@code -shadow} appended to its host
 * part unless {@code appendShadowSuffix} is false. With a {@code compare} ({@code null}: none), the copy's answer is
 * compared with the live one.
 */
public record MirrorPolicy(String cluster, int partsPerMillion, boolean appendShadowSuffix, ShadowCompare compare) {

    /** The denominator of {@link #partsPerMillion()}: a policy of {@code MILLION} mirrors every request. */
    public static final int MILLION = 1_000_000;
    /** The most mirror policies one route may have (each copies the body, so each costs memory). */
    public static final int MAX_PER_ROUTE = 4;

    public MirrorPolicy {
        Checks.nonEmpty(cluster, "mirrorPolicy.cluster");
        Checks.between(partsPerMillion, 0, MILLION, "mirrorPolicy.partsPerMillion");
    }

    /** A policy whose copies' answers are not compared. */
    public MirrorPolicy(String cluster, int partsPerMillion, boolean appendShadowSuffix) {
        this(cluster, partsPerMillion, appendShadowSuffix, null);
    }

    /** Every request to {@code cluster}, with the {@code -shadow} suffix. */
    public static MirrorPolicy always(String cluster) {
        return new MirrorPolicy(cluster, MILLION, true);
    }

    /** This policy with its copies' answers compared as {@code how} ({@code null}: not compared). */
    public MirrorPolicy withCompare(ShadowCompare how) {
        return new MirrorPolicy(cluster, partsPerMillion, appendShadowSuffix, how);
    }
}
