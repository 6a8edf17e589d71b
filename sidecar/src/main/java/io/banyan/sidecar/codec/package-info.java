/**
 * Netty HTTP helpers shared by the downstream guards, the proxy and the upstream pool: the error response of an
 * {@link io.banyan.sidecar.core.ErrorCause}, the Connection header, and the HTTP/2 stream-to-message adapters
 * (flush coalescing, end-of-stream on headers, full-message splitting).
 */
package io.banyan.sidecar.codec;
