package io.banyan.sidecar.core;

/**
 * Why a request failed inside the mesh: the status code the sidecar answers with and the one-token
 * cause it puts in {@code x-banyan-error} and in the access log. Never an empty 503. Plain values: the
 * Netty response is built where responses are written ({@code codec.ErrorResponses}).
 */
public enum ErrorCause {
    NO_ROUTE(404, "no_route"),
    NO_CLUSTER(503, "no_cluster"),
    NO_HEALTHY_UPSTREAM(503, "no_healthy_upstream"),
    CIRCUIT_OPEN(503, "circuit_open"),
    OVERFLOW(503, "overflow"),
    CONNECT_FAILURE(503, "connect_failure"),
    /** The upstream's TLS handshake failed: its certificate is untrusted, expired, or names another service. */
    UPSTREAM_TLS_FAILURE(503, "upstream_tls_failure"),
    UPSTREAM_TIMEOUT(504, "upstream_timeout"),
    UPSTREAM_RESET(502, "upstream_reset"),
    UPSTREAM_PROTOCOL_ERROR(502, "upstream_protocol_error"),
    UNAUTHORIZED(403, "unauthorized"),
    RATE_LIMITED(429, "rate_limited"),
    BAD_REQUEST(400, "bad_request"),
    DRAINING(503, "draining"),
    /** The request line is longer than the listener's limit. */
    REQUEST_LINE_TOO_LONG(414, "request_line_too_long"),
    /** The request head has more header bytes or fields than the listener's limits. */
    HEADERS_TOO_LARGE(431, "headers_too_large"),
    /** The request line names an HTTP version other than 1.0 and 1.1 (HTTP/2 has its own preface). */
    HTTP_VERSION_NOT_SUPPORTED(505, "http_version_not_supported"),
    /** The client was too slow sending its request head or body. */
    REQUEST_TIMEOUT(408, "request_timeout"),
    /** End-user credentials (JWT, API key) missing or invalid at the gateway; answered with WWW-Authenticate. */
    UNAUTHENTICATED(401, "unauthenticated"),
    /** Valid end-user credentials that this route does not accept (a JWT for another audience). */
    FORBIDDEN(403, "forbidden"),
    /** The request body is larger than the route's limit. */
    PAYLOAD_TOO_LARGE(413, "payload_too_large"),
    /** The signing keys of a route's JWT issuer could not be loaded yet: the gateway cannot verify, and says so. */
    JWKS_UNAVAILABLE(503, "jwks_unavailable");

    public static final String HEADER = "x-banyan-error";

    private final int status;
    private final String token;

    ErrorCause(int status, String token) {
        this.status = status;
        this.token = token;
    }

    /** The HTTP status code the sidecar answers with. */
    public int status() {
        return status;
    }

    public String token() {
        return token;
    }
}
