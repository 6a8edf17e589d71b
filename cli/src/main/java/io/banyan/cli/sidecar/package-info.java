/**
 * The {@code banyan sidecar} command: options to SidecarSettings, then run until stopped; and the options it shares
 * with {@code banyan gateway} (joining the mesh, the admin port, the protocol limits).
 */
package io.banyan.cli.sidecar;
