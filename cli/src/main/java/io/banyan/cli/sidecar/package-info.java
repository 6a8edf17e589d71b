/** The {@code banyan sidecar} command: options to SidecarSettings, then run until stopped. */
package io.banyan.cli.sidecar;
