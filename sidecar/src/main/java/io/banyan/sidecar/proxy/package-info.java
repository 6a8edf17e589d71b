/**
 * The HTTP request path of HTTP/1.1 and HTTP/2 listeners alike: {@code FrontendHandler} starts an {@code Exchange}
 * per request, which {@code Admission} admits (plain Java) and {@code UpstreamAttempt}s carry to pooled upstream
 * connections, retried as the {@code resilience} policy decides, the response streamed back.
 */
package io.banyan.sidecar.proxy;
