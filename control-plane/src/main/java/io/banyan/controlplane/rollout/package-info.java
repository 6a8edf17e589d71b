/**
 * Staged rollout of a configuration write: the new value goes to a canary slice of nodes first, the others keep
 * being built from the value before it, until the canaries ACKed and baked without an error-rate rise (promoted) or
 * one NACKed or regressed (written back, reverted).
 */
package io.banyan.controlplane.rollout;
