package io.banyan.controlplane.rollout;

/**
 * Writes the object of a revision back as it was before it, as a new revision authored {@value #AUTHOR} with
 * {@code revertOf} that revision, through the path of {@code POST /v1/revisions/{n}/revert?force=true}.
 */
@FunctionalInterface
public interface Reverter {

    /** The author of the revisions a rollout writes back. */
    String AUTHOR = "rollout";

    void revert(long revision);
}
