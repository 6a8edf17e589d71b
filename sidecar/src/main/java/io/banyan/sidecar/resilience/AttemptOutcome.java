package io.banyan.sidecar.resilience;

import io.banyan.sidecar.config.Checks;

/**
 * How one attempt of a request on one endpoint ended, as far as a retry decision cares. A response
 * outcome is judged on its head (status and, for a trailers-only gRPC response, {@code grpc-status})
 * before any byte of it has been sent downstream.
 */
public record AttemptOutcome(Kind kind, int status, int grpcStatus) {

    /** No gRPC status: the response is not gRPC, or its status comes later in trailers. */
    public static final int NO_GRPC_STATUS = -1;

    public enum Kind {
        /** The connection could not be established (refused, unreachable, connect timeout, TLS handshake). */
        CONNECT_FAILURE,
        /** The endpoint refused the stream (HTTP/2 REFUSED_STREAM, or GOAWAY before it): it did no work. */
        REFUSED_STREAM,
        /** The connection or stream was reset before the first response byte. */
        RESET_BEFORE_RESPONSE,
        /** The connection or stream was reset after response bytes went downstream: never retried. */
        RESET_AFTER_RESPONSE_STARTED,
        /** The per-try timeout fired before the response head arrived. */
        PER_TRY_TIMEOUT,
        /** A response head arrived and nothing of it has been sent downstream yet. */
        RESPONSE
    }

    private static final AttemptOutcome CONNECT_FAILURE = new AttemptOutcome(Kind.CONNECT_FAILURE, 0, NO_GRPC_STATUS);
    private static final AttemptOutcome REFUSED_STREAM = new AttemptOutcome(Kind.REFUSED_STREAM, 0, NO_GRPC_STATUS);
    private static final AttemptOutcome RESET_BEFORE = new AttemptOutcome(Kind.RESET_BEFORE_RESPONSE, 0, NO_GRPC_STATUS);
    private static final AttemptOutcome RESET_AFTER = new AttemptOutcome(Kind.RESET_AFTER_RESPONSE_STARTED, 0, NO_GRPC_STATUS);
    private static final AttemptOutcome PER_TRY_TIMEOUT = new AttemptOutcome(Kind.PER_TRY_TIMEOUT, 0, NO_GRPC_STATUS);

    public AttemptOutcome {
        Checks.nonNull(kind, "kind");
        if (kind == Kind.RESPONSE) {
            Checks.between(status, 100, 599, "status");
            if (grpcStatus != NO_GRPC_STATUS) {
                Checks.between(grpcStatus, 0, 16, "grpcStatus");
            }
        }
    }

    public static AttemptOutcome connectFailure() {
        return CONNECT_FAILURE;
    }

    public static AttemptOutcome refusedStream() {
        return REFUSED_STREAM;
    }

    public static AttemptOutcome resetBeforeResponse() {
        return RESET_BEFORE;
    }

    public static AttemptOutcome resetAfterResponseStarted() {
        return RESET_AFTER;
    }

    public static AttemptOutcome perTryTimeout() {
        return PER_TRY_TIMEOUT;
    }

    /** A response head with this HTTP status and no gRPC status. */
    public static AttemptOutcome response(int status) {
        return new AttemptOutcome(Kind.RESPONSE, status, NO_GRPC_STATUS);
    }

    /** A trailers-only gRPC response: HTTP status (usually 200) and {@code grpc-status} in the head. */
    public static AttemptOutcome grpcResponse(int status, int grpcStatus) {
        return new AttemptOutcome(Kind.RESPONSE, status, grpcStatus);
    }

    /** True if no response byte came back: the endpoint could not have started answering. */
    public boolean noResponse() {
        return kind == Kind.CONNECT_FAILURE || kind == Kind.REFUSED_STREAM
                || kind == Kind.RESET_BEFORE_RESPONSE || kind == Kind.PER_TRY_TIMEOUT;
    }

    public boolean isResponse() {
        return kind == Kind.RESPONSE;
    }
}
