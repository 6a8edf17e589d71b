package io.banyan.sidecar.http1;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AsciiString;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Sets the proxy headers on each request head before the frontend sees it: appends the downstream peer's address to
 * {@code x-forwarded-for}, sets {@code x-forwarded-proto} to this connection's scheme, keeps a sane caller
 * {@code x-request-id} or makes one. Trace context ({@code traceparent}, {@code tracestate}, B3) is not this
 * class's: it passes here untouched, but with tracing on ({@code --otlp-endpoint}) the tracing observer
 * ({@code trace.SpanObserver}) rewrites it on each attempt going upstream: a recorded request's to the attempt's span,
 * an unrecorded one's B3 translated to {@code traceparent}, a new trace's added (docs/tracing.md, "What is
 * propagated"). A {@code Connection} header cannot name
 * these headers away. What is kept depends on the {@link DownstreamHop}: from a mesh peer (an inbound listener) the
 * {@code x-forwarded-proto} it sent is kept, so the app sees the client's scheme, not the mutual TLS hop's; at the
 * edge nothing the client sent is trusted: {@code x-forwarded-for} becomes the peer's address alone,
 * {@code x-forwarded-host}, {@code x-forwarded-port} and {@code forwarded} are dropped and {@code x-request-id} is
 * always a new one. (Envoy with {@code use_remote_address} appends the peer to the client's {@code x-forwarded-for};
 * Banyan replaces it, so an app never reads a client-chosen address.) The headers only the mesh may set
 * ({@code x-banyan-*}, {@code x-forwarded-client-cert}) are {@code proxy.MeshHeaders}' to strip and set, in the
 * exchange.
 */
public final class ForwardedHeaders extends ChannelInboundHandlerAdapter {

    // names as AsciiString: their case-insensitive hash is computed once, not at every header lookup of every request
    static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
    public static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
    static final AsciiString X_REQUEST_ID = AsciiString.cached("x-request-id");
    /** What a client outside the mesh may not tell the app: dropped at the edge. */
    private static final List<CharSequence> UNTRUSTED_AT_EDGE = List.of(X_FORWARDED_FOR, "x-forwarded-host",
            "x-forwarded-port", "forwarded", X_REQUEST_ID);

    private static final Set<String> PROTECTED = Set.of(X_FORWARDED_FOR.toString(), X_FORWARDED_PROTO.toString(),
            X_REQUEST_ID.toString());
    /**
     * The longest {@code x-request-id} kept from a caller (a longer one is replaced): the bound every place that takes
     * a request id (the failure ring, {@code /debug/why?request_id=}) holds to.
     */
    public static final int MAX_REQUEST_ID = 128;

    private final DownstreamHop hop;
    private String peer;
    private String scheme;

    public ForwardedHeaders(DownstreamHop hop) {
        this.hop = Objects.requireNonNull(hop, "hop");
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        Channel channel = ctx.channel();
        Channel connection = channel instanceof Http2StreamChannel ? channel.parent() : channel; // TLS is the connection's
        scheme = connection.pipeline().get(SslHandler.class) == null ? "http" : "https";
        SocketAddress remote = connection.remoteAddress();
        peer = remote instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : null;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            apply(request.headers(), peer, scheme, hop);
        }
        ctx.fireChannelRead(msg);
    }

    /** {@code scheme}: this connection's; {@code peer}: its remote address, may be null. */
    static void apply(HttpHeaders headers, String peer, String scheme, DownstreamHop hop) {
        if (hop == DownstreamHop.EDGE_CLIENT) {
            UNTRUSTED_AT_EDGE.forEach(headers::remove);
        }
        if (headers.contains(HttpHeaderNames.CONNECTION)) {
            keepOutOfConnection(headers);
        }
        if (peer != null) { // a list is made only when the request came with a chain
            headers.set(X_FORWARDED_FOR, !headers.contains(X_FORWARDED_FOR) ? peer
                    : String.join(", ", headers.getAll(X_FORWARDED_FOR)) + ", " + peer);
        }
        if (hop != DownstreamHop.MESH_PEER || !headers.contains(X_FORWARDED_PROTO)) {
            headers.set(X_FORWARDED_PROTO, scheme);
        }
        String id = headers.get(X_REQUEST_ID);
        if (id == null || !saneRequestId(id) || headers.getAll(X_REQUEST_ID).size() != 1) {
            headers.set(X_REQUEST_ID, RequestIds.next());
        }
    }

    static boolean saneRequestId(String id) {
        if (id.isEmpty() || id.length() > MAX_REQUEST_ID) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c <= ' ' || c >= 0x7F || c == ',') {
                return false;
            }
        }
        return true;
    }

    private static void keepOutOfConnection(HttpHeaders headers) {
        List<String> values = headers.getAll(HttpHeaderNames.CONNECTION);
        if (values.isEmpty()) {
            return;
        }
        List<String> kept = new ArrayList<>();
        boolean dropped = false;
        for (String value : values) {
            for (String token : value.split(",")) {
                String name = token.trim();
                if (PROTECTED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                    dropped = true;
                } else if (!name.isEmpty()) {
                    kept.add(name);
                }
            }
        }
        if (dropped) {
            headers.remove(HttpHeaderNames.CONNECTION);
            if (!kept.isEmpty()) {
                headers.set(HttpHeaderNames.CONNECTION, String.join(", ", kept));
            }
        }
    }
}
