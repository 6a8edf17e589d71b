package io.banyan.sidecar.http1;

import io.banyan.sidecar.core.ErrorCause;

/** Why a request was refused as malformed: the {@code reason} tag of the protocol-error counter and the cause answered. */
public enum Rejection {
    CONTENT_LENGTH_AND_TRANSFER_ENCODING("content_length_and_transfer_encoding", ErrorCause.BAD_REQUEST),
    TRANSFER_ENCODING_NOT_CHUNKED("transfer_encoding_not_chunked", ErrorCause.BAD_REQUEST),
    CONTENT_LENGTH_INVALID("content_length_invalid", ErrorCause.BAD_REQUEST),
    BARE_LF("bare_lf", ErrorCause.BAD_REQUEST),
    OBS_FOLD("obs_fold", ErrorCause.BAD_REQUEST),
    HEADER_NAME_INVALID("header_name_invalid", ErrorCause.BAD_REQUEST),
    HEADER_VALUE_INVALID("header_value_invalid", ErrorCause.BAD_REQUEST),
    DUPLICATE_HOST("duplicate_host", ErrorCause.BAD_REQUEST),
    MISSING_HOST("missing_host", ErrorCause.BAD_REQUEST),
    VERSION_MALFORMED("version_malformed", ErrorCause.BAD_REQUEST),
    VERSION_NOT_SUPPORTED("version_not_supported", ErrorCause.HTTP_VERSION_NOT_SUPPORTED),
    CHUNK_INVALID("chunk_invalid", ErrorCause.BAD_REQUEST),
    MALFORMED("malformed", ErrorCause.BAD_REQUEST),
    REQUEST_LINE_TOO_LONG("request_line_too_long", ErrorCause.REQUEST_LINE_TOO_LONG),
    HEADERS_TOO_LARGE("headers_too_large", ErrorCause.HEADERS_TOO_LARGE),
    TOO_MANY_HEADERS("too_many_headers", ErrorCause.HEADERS_TOO_LARGE);

    private final String reason;
    private final ErrorCause cause;

    Rejection(String reason, ErrorCause cause) {
        this.reason = reason;
        this.cause = cause;
    }

    public String reason() {
        return reason;
    }

    public ErrorCause cause() {
        return cause;
    }
}
