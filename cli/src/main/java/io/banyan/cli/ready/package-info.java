/** {@code banyan wait-ready}: polls a sidecar's or gateway's {@code /ready} until it answers 200, or a timeout. */
package io.banyan.cli.ready;
