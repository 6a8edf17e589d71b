/**
 * The registration service a sidecar uses, as its instance's agent, to register, heartbeat and
 * deregister on the control plane's gRPC port (the same port as xDS). Callers authenticate with
 * {@code authorization: Bearer <join token>} metadata; a join token is valid for one service only.
 */
package io.banyan.api.registration;
