/** The {@code banyan control-plane} command: options to ControlPlaneSettings, then run until stopped. */
package io.banyan.cli.controlplane;
