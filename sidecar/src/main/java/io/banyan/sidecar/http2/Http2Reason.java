package io.banyan.sidecar.http2;

import io.netty.handler.codec.http2.Http2Error;

import java.util.Locale;

/** Why the sidecar refused, reset or closed an HTTP/2 downstream stream or connection: the counter's reason tag. */
public enum Http2Reason {
    RAPID_RESET,
    CONTINUATION_FLOOD,
    HEADER_LIST_TOO_LARGE,
    TOO_MANY_HEADERS,
    CONTROL_FRAME_FLOOD,
    EMPTY_FRAME_FLOOD,
    REFUSED_STREAM,
    PROTOCOL_ERROR,
    IDLE_TIMEOUT,
    STREAM_IDLE_TIMEOUT;

    private final String tag = name().toLowerCase(Locale.ROOT);

    public String tag() {
        return tag;
    }

    /**
     * The reason of a GOAWAY the sidecar sends, from its error code and the debug text Netty puts in it (the message of
     * the {@code Http2Exception} that closed the connection); null for a graceful NO_ERROR one.
     */
    static Http2Reason ofGoAway(long errorCode, String debug) {
        if (errorCode == Http2Error.NO_ERROR.code()) {
            return null;
        }
        String text = debug.toLowerCase(Locale.ROOT);
        if (text.contains("rst frames")) {
            return RAPID_RESET;
        }
        if (text.contains("outstanding control frames")) {
            return CONTROL_FRAME_FLOOD;
        }
        if (text.contains("continuation") || text.contains("header size exceeded")) {
            return CONTINUATION_FLOOD; // the compressed block outgrew the GOAWAY threshold before it ended
        }
        if (text.contains("empty data frames")) {
            return EMPTY_FRAME_FLOOD;
        }
        return PROTOCOL_ERROR;
    }

    /** The reason of a RST_STREAM the sidecar sends, by error code; null for CANCEL and other ordinary ends. */
    static Http2Reason ofReset(long errorCode) {
        if (errorCode == Http2Error.REFUSED_STREAM.code()) {
            return REFUSED_STREAM;
        }
        if (errorCode == Http2Error.PROTOCOL_ERROR.code() || errorCode == Http2Error.COMPRESSION_ERROR.code()
                || errorCode == Http2Error.FLOW_CONTROL_ERROR.code() || errorCode == Http2Error.STREAM_CLOSED.code()
                || errorCode == Http2Error.FRAME_SIZE_ERROR.code()) {
            return PROTOCOL_ERROR;
        }
        return null;
    }
}
