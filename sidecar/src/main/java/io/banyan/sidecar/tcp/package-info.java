/** Opaque TCP proxying (Envoy's tcp_proxy): each accepted connection is relayed as bytes, with half-close, to an endpoint of one cluster. */
package io.banyan.sidecar.tcp;
