package io.banyan.dataplane.config;

import io.banyan.primitives.check.Checks;

import java.time.Duration;

/**
 * The limits every HTTP/1.1 listener enforces on its downstream connections, with Envoy-like defaults. A zero
 * timeout disables that timeout.
 *
 * @param maxRequestLineBytes    the longest request line accepted; longer answers 414
 * @param maxHeadersBytes        the most header bytes accepted; more answers 431
 * @param maxHeaderCount         the most header fields accepted; more answers 431
 * @param requestHeadersTimeout  from the first byte of a request head to its end (Envoy's request_headers_timeout);
 *                               slower answers 408
 * @param requestBodyIdleTimeout the longest pause in a request body while it is read (Envoy's stream_idle_timeout);
 *                               longer answers 408 (or resets, once the response has started)
 * @param idleTimeout            how long a connection may wait for its next request (Envoy's idle_timeout)
 */
public record Http1Limits(int maxRequestLineBytes, int maxHeadersBytes, int maxHeaderCount,
                          Duration requestHeadersTimeout, Duration requestBodyIdleTimeout, Duration idleTimeout) {

    public static final Http1Limits DEFAULT = new Http1Limits(8 * 1024, 60 * 1024, 100,
            Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofHours(1));

    private static final int MAX_BYTES = 1024 * 1024;

    public Http1Limits {
        Checks.between(maxRequestLineBytes, 256, MAX_BYTES, "maxRequestLineBytes");
        Checks.between(maxHeadersBytes, 256, MAX_BYTES, "maxHeadersBytes");
        Checks.between(maxHeaderCount, 1, 10_000, "maxHeaderCount");
        Checks.nonNegative(requestHeadersTimeout, "requestHeadersTimeout");
        Checks.nonNegative(requestBodyIdleTimeout, "requestBodyIdleTimeout");
        Checks.nonNegative(idleTimeout, "idleTimeout");
    }

    /** These limits with other timeouts. */
    public Http1Limits withTimeouts(Duration requestHeaders, Duration requestBodyIdle, Duration idle) {
        return new Http1Limits(maxRequestLineBytes, maxHeadersBytes, maxHeaderCount, requestHeaders, requestBodyIdle, idle);
    }

    /** These limits with other header limits. */
    public Http1Limits withHeaderLimits(int headersBytes, int headerCount) {
        return new Http1Limits(maxRequestLineBytes, headersBytes, headerCount, requestHeadersTimeout,
                requestBodyIdleTimeout, idleTimeout);
    }
}
