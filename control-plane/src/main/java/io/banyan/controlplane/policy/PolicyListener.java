package io.banyan.controlplane.policy;

/** Told of every policy change, in order. Called on the changing thread under the book's lock: must only hand off, never block. */
@FunctionalInterface
public interface PolicyListener {

    void onPolicies(PolicySnapshot snapshot);
}
