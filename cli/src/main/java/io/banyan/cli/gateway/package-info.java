/** The {@code banyan gateway} command: options to an edge gateway's SidecarSettings, then run (or only check) it. */
package io.banyan.cli.gateway;
