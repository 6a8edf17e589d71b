/** The data plane's listeners: event loops, binding and reconciling listeners per config, the inbound mutual-TLS handshake, and the pipelines of HTTP and TCP connections. */
package io.banyan.sidecar.listener;
