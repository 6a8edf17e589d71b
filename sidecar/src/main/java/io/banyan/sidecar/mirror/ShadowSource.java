package io.banyan.sidecar.mirror;

/** Where the load reporter takes the shadow comparisons of a mirror cluster from, since it last took them. */
@FunctionalInterface
public interface ShadowSource {

    /** A source with nothing to report. */
    ShadowSource NONE = cluster -> ShadowDelta.EMPTY;

    /** The outcomes and samples of {@code cluster}'s shadow copies since the previous call, taken out of the source. */
    ShadowDelta drain(String cluster);
}
