/** The banyan launcher's entry point: one picocli command tree for control-plane, sidecar, certs, ctl and demo. */
package io.banyan.cli;
