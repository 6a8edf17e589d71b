/** The HTTP request path: a downstream request (HTTP/1.1, or an HTTP/2 stream bridged to messages) admitted, routed, sent to a pooled upstream with retries, and streamed back. */
package io.banyan.sidecar.proxy;
