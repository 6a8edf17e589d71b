/**
 * The workload identity of this sidecar (its key, certificate and trust bundle, obtained and renewed from the
 * control plane's CA) and the mutual TLS built on it: data-plane SSL contexts, SPIFFE peer checks, the control
 * plane's pinned trust, the caller's identity, handshake and expiry metrics.
 */
package io.banyan.sidecar.tls;
