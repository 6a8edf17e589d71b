/**
 * The Banyan control plane: {@code ControlPlane} only wires the parts in layer order (store, registry, policies,
 * authorization, join tokens, CA, xDS serving, admin API) and closes them in reverse; {@code ControlPlaneSettings}
 * holds the launcher's options.
 */
package io.banyan.controlplane;
