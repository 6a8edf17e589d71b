package io.banyan.sidecar.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.util.AsciiString;

/**
 * An upstream stream's messages between the exchange's HTTP objects and HTTP/2 header blocks, each converted once:
 * the request head to HEADERS (pseudo-headers from the request line and Host, hop-by-hop fields dropped), a
 * response HEADERS to a head (with {@code Transfer-Encoding: chunked} when a body of unknown length follows, as the
 * next HTTP/1.1 hop frames it), trailers both ways. No {@code x-http2-*} extension header is added on either side.
 * Header names and values are validated as Netty's stream codec did.
 */
final class Http2Messages {

    private static final boolean VALIDATE = true;

    private Http2Messages() {
    }

    /** The HEADERS of {@code request} sent over a connection of {@code scheme}. */
    static Http2Headers requestHeaders(HttpRequest request, AsciiString scheme) {
        String uri = request.uri();
        if (!uri.startsWith("/") && !"*".equals(uri)) {
            // absolute or authority form: Netty's conversion takes scheme, authority and path from the URI
            return HttpConversionUtil.toHttp2Headers(request, VALIDATE);
        }
        HttpHeaders in = request.headers();
        Http2Headers out = new DefaultHttp2Headers(VALIDATE, in.size() + 4);
        out.method(request.method().asciiName()).scheme(scheme).path(uri);
        String host = in.get(HttpHeaderNames.HOST);
        if (host != null) {
            out.authority(host.substring(host.indexOf('@') + 1)); // never the deprecated userinfo
        }
        HttpConversionUtil.toHttp2Headers(in, out); // drops Host, Connection and what it names, TE but trailers, …
        return out;
    }

    /** The trailing HEADERS of a request. */
    static Http2Headers trailers(HttpHeaders trailers) {
        return HttpConversionUtil.toHttp2Headers(trailers, VALIDATE);
    }

    /**
     * The response head of a HEADERS; {@code endStream}: nothing follows (no body), else a body of no declared length
     * is marked chunked.
     */
    static HttpResponse responseHead(int streamId, Http2Headers headers, boolean endStream) throws Http2Exception {
        HttpResponseStatus status = HttpConversionUtil.parseStatus(headers.status());
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, status, VALIDATE);
        HttpHeaders out = response.headers();
        // as trailers: no stream-id extension header; the same fields otherwise (pseudo-headers left out)
        HttpConversionUtil.addHttp2ToHttpHeaders(streamId, headers, out, HttpVersion.HTTP_1_1, true, false);
        out.remove(HttpHeaderNames.CONNECTION);
        if (!endStream && status.codeClass() != HttpStatusClass.INFORMATIONAL && !HttpUtil.isContentLengthSet(response)) {
            out.add(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        return response;
    }

    /** The last content of a response that ends with trailers. */
    static LastHttpContent responseTrailers(int streamId, Http2Headers headers) throws Http2Exception {
        LastHttpContent last = new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER, VALIDATE);
        HttpConversionUtil.addHttp2ToHttpHeaders(streamId, headers, last.trailingHeaders(), HttpVersion.HTTP_1_1,
                true, true);
        return last;
    }

    /** The last content of a response whose end came with its HEADERS or its last DATA ({@code data} retained). */
    static LastHttpContent responseEnd(ByteBuf data) {
        return new DefaultLastHttpContent(data, VALIDATE);
    }
}
