/**
 * HTTP/1.1 protocol upgrades (WebSocket, RFC 6455 over RFC 9110 section 7.8): once the upstream answers
 * 101 Switching Protocols, the downstream and upstream connections drop their HTTP handlers and become one
 * byte tunnel with backpressure, half-close and an idle timeout, as Envoy's {@code upgrade_configs} do.
 */
package io.banyan.sidecar.proxy.upgrade;
