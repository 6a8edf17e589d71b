package io.banyan.dataplane.config;


import java.util.List;

/**
 * The room an inbound listener leaves above the configured request-header limits for what the calling sidecar added
 * on the way, so that a request the caller's outbound listener accepted is never refused by the peer with 431: an
 * app sees the configured limits ({@code --http1-max-headers}, {@code --http2-max-headers}, the header sizes), its
 * request arrives at the peer with at most {@link #HEADERS} more fields and {@link #BYTES} more bytes, and the
 * inbound listener allows exactly that much more. A limit already at its maximum stays there.
 */
public final class MeshHeaderReserve {

    /** What a sidecar may add to a request it forwards (hop-by-hop headers it removes are not counted back). */
    public static final List<String> ADDED = List.of(
            "x-forwarded-for", "x-forwarded-proto", "x-request-id", "x-banyan-deadline-ms", "grpc-timeout");
    /** Header fields the inbound listener allows above the configured count. */
    public static final int HEADERS = ADDED.size();
    /**
     * Header bytes the inbound listener allows above the configured size: the fields above at their longest (a
     * request id of 128 characters, an IPv6 address appended to {@code x-forwarded-for}, HTTP/2's 32 bytes of
     * overhead per field) fit in well under this.
     */
    public static final int BYTES = 1024;

    private static final int MAX_HEADER_COUNT = 10_000;
    private static final int MAX_HTTP1_HEADER_BYTES = 1024 * 1024;
    private static final int MAX_HTTP2_HEADER_LIST_BYTES = 16 * 1024 * 1024;

    private MeshHeaderReserve() {
    }

    /** {@code limits} with the reserve added, for an inbound listener. */
    public static Http1Limits widen(Http1Limits limits) {
        return limits.withHeaderLimits(Math.min(limits.maxHeadersBytes() + BYTES, MAX_HTTP1_HEADER_BYTES),
                Math.min(limits.maxHeaderCount() + HEADERS, MAX_HEADER_COUNT));
    }

    /** {@code limits} with the reserve added, for an inbound listener. */
    public static Http2Limits widen(Http2Limits limits) {
        return limits.withHeaderLimits(Math.min(limits.maxHeaderListBytes() + BYTES, MAX_HTTP2_HEADER_LIST_BYTES),
                Math.min(limits.maxHeaderCount() + HEADERS, MAX_HEADER_COUNT));
    }
}
