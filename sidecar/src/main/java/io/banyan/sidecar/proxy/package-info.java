/** The HTTP/1.1 request path: a downstream request routed, sent to a pooled upstream and streamed back. */
package io.banyan.sidecar.proxy;
