package io.banyan.sidecar.trace;

import io.opentelemetry.api.common.AttributeKey;

import java.util.Set;

/**
 * The attributes of the sidecar's spans: OpenTelemetry's HTTP semantic conventions where they fit, {@code banyan.*}
 * for the mesh's own.
 */
final class SpanAttributes {

    static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<String> METHOD_ORIGINAL = AttributeKey.stringKey("http.request.method_original");
    static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<Long> RESEND_COUNT = AttributeKey.longKey("http.request.resend_count");
    static final AttributeKey<Long> REQUEST_BODY_SIZE = AttributeKey.longKey("http.request.body.size");
    static final AttributeKey<Long> RESPONSE_BODY_SIZE = AttributeKey.longKey("http.response.body.size");
    static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");
    static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    static final AttributeKey<String> PROTOCOL_VERSION = AttributeKey.stringKey("network.protocol.version");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    /** The sidecar's (or gateway's) own service. */
    static final AttributeKey<String> SERVICE = AttributeKey.stringKey("banyan.service");
    static final AttributeKey<String> DIRECTION = AttributeKey.stringKey("banyan.direction");
    static final AttributeKey<String> LISTENER = AttributeKey.stringKey("banyan.listener");
    /** The caller's verified SPIFFE id (inbound, mutual TLS). */
    static final AttributeKey<String> CALLER = AttributeKey.stringKey("banyan.caller");
    /** The cluster the request was admitted to. */
    static final AttributeKey<String> UPSTREAM_SERVICE = AttributeKey.stringKey("banyan.upstream.service");
    static final AttributeKey<String> ROUTE = AttributeKey.stringKey("banyan.route");
    static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("banyan.request_id");
    /** The {@code x-banyan-error} token. */
    static final AttributeKey<String> ERROR = AttributeKey.stringKey("banyan.error");
    static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey("banyan.attempts");
    /** 1 for the first try, 2 for the first retry, ... */
    static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("banyan.attempt");
    static final AttributeKey<String> ENDPOINT_ZONE = AttributeKey.stringKey("banyan.endpoint.zone");

    /** The methods semantic conventions name; any other is {@code _OTHER} with the original beside it. */
    static final Set<String> KNOWN_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS",
            "TRACE", "PATCH");

    private SpanAttributes() {
    }
}
