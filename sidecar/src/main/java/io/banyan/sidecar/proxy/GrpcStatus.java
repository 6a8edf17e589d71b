package io.banyan.sidecar.proxy;

import io.banyan.sidecar.core.ErrorCause;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * gRPC's view of the mesh: whether a request is a gRPC call, and the status code a mesh failure is reported with.
 * The mapping follows gRPC's HTTP-to-status table (a 503 of the mesh is UNAVAILABLE, so clients retry it as
 * transient), except that a timeout is DEADLINE_EXCEEDED, as Envoy's router reports it.
 */
public enum GrpcStatus {
    OK(0),
    CANCELLED(1),
    UNKNOWN(2),
    INTERNAL(13),
    DEADLINE_EXCEEDED(4),
    NOT_FOUND(5),
    PERMISSION_DENIED(7),
    RESOURCE_EXHAUSTED(8),
    UNIMPLEMENTED(12),
    UNAVAILABLE(14),
    UNAUTHENTICATED(16);

    public static final String STATUS = "grpc-status";
    public static final String MESSAGE = "grpc-message";
    private static final String CONTENT_TYPE = "application/grpc";

    private final int code;

    GrpcStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** A request whose content type is {@code application/grpc} or one of its {@code +proto}/{@code ;...} forms. */
    public static boolean isGrpc(HttpHeaders headers) {
        String type = headers.get(HttpHeaderNames.CONTENT_TYPE);
        return type != null && type.regionMatches(true, 0, CONTENT_TYPE, 0, CONTENT_TYPE.length())
                && (type.length() == CONTENT_TYPE.length() || type.charAt(CONTENT_TYPE.length()) == '+'
                || type.charAt(CONTENT_TYPE.length()) == ';');
    }

    /** The status a gRPC caller sees for a failure inside the mesh. */
    public static GrpcStatus of(ErrorCause cause) {
        return switch (cause) {
            case UPSTREAM_TIMEOUT, REQUEST_TIMEOUT -> DEADLINE_EXCEEDED;
            case NO_ROUTE -> UNIMPLEMENTED;
            case UNAUTHORIZED, FORBIDDEN -> PERMISSION_DENIED;
            case UNAUTHENTICATED -> UNAUTHENTICATED;
            case PAYLOAD_TOO_LARGE -> RESOURCE_EXHAUSTED;
            case BAD_REQUEST, REQUEST_LINE_TOO_LONG, HEADERS_TOO_LARGE, HTTP_VERSION_NOT_SUPPORTED,
                 UPSTREAM_PROTOCOL_ERROR -> INTERNAL;
            case NO_CLUSTER, NO_HEALTHY_UPSTREAM, CIRCUIT_OPEN, OVERFLOW, CONNECT_FAILURE, UPSTREAM_TLS_FAILURE,
                 UPSTREAM_RESET, RATE_LIMITED, DRAINING, JWKS_UNAVAILABLE -> UNAVAILABLE;
        };
    }
}
