package io.banyan.sidecar.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.EmptyHttpHeaders;
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

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An upstream stream's messages between the exchange's HTTP objects and HTTP/2 header blocks, each converted once:
 * the request head to HEADERS (pseudo-headers from the request line and Host, hop-by-hop fields dropped), a
 * response HEADERS to a head (with {@code Transfer-Encoding: chunked} when a body of unknown length follows, as the
 * next HTTP/1.1 hop frames it), trailers both ways. No {@code x-http2-*} extension header is added on either side.
 * Header names and values are validated as Netty's stream codec did.
 */
final class Http2Messages {

    private static final boolean VALIDATE = true;
    private static final AsciiString KEEP_ALIVE = AsciiString.cached("keep-alive");
    private static final AsciiString PROXY_CONNECTION = AsciiString.cached("proxy-connection");
    private static final String EXTENSION_PREFIX = "x-http2-";
    private static final Pattern COOKIE_SEPARATOR = Pattern.compile("; ");

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
        if (in.contains(HttpHeaderNames.CONNECTION)) {
            HttpConversionUtil.toHttp2Headers(in, out); // drops what Connection names too (the proxy stripped it)
        } else {
            copyFields(in, out);
        }
        return out;
    }

    /**
     * Copies the fields of an HTTP/1.1 head, names lower-cased (a name already lower-case is not copied): not Host
     * (it is {@code :authority}), the connection-specific fields HTTP/2 forbids, {@code x-http2-*}; {@code TE} only
     * as {@code trailers}; a cookie split into its crumbs, as RFC 9113 section 8.2.3 allows for better compression.
     */
    private static void copyFields(HttpHeaders in, Http2Headers out) {
        Iterator<Map.Entry<CharSequence, CharSequence>> fields = in.iteratorCharSequence();
        while (fields.hasNext()) {
            Map.Entry<CharSequence, CharSequence> field = fields.next();
            CharSequence name = lowerCase(field.getKey());
            CharSequence value = field.getValue();
            if (connectionSpecific(name)) {
                continue;
            }
            if (AsciiString.contentEquals(name, HttpHeaderNames.TE)) {
                if (AsciiString.containsIgnoreCase(value, HttpHeaderValues.TRAILERS)) {
                    out.add(HttpHeaderNames.TE, HttpHeaderValues.TRAILERS);
                }
            } else if (AsciiString.contentEquals(name, HttpHeaderNames.COOKIE)) {
                for (String crumb : COOKIE_SEPARATOR.split(value)) {
                    out.add(HttpHeaderNames.COOKIE, crumb);
                }
            } else {
                out.add(name, value);
            }
        }
    }

    private static CharSequence lowerCase(CharSequence name) {
        if (name instanceof String text) {
            return text.toLowerCase(Locale.ROOT); // the same string when it is lower-case already
        }
        return AsciiString.of(name).toLowerCase();
    }

    /** Host, the fields RFC 9113 section 8.2.2 forbids, and Netty's HTTP/2 extension headers; {@code name} lower-case. */
    private static boolean connectionSpecific(CharSequence name) {
        return switch (name.length()) {
            case 4 -> AsciiString.contentEquals(name, HttpHeaderNames.HOST);
            case 7 -> AsciiString.contentEquals(name, HttpHeaderNames.UPGRADE);
            case 10 -> AsciiString.contentEquals(name, HttpHeaderNames.CONNECTION)
                    || AsciiString.contentEquals(name, KEEP_ALIVE);
            case 16 -> AsciiString.contentEquals(name, PROXY_CONNECTION);
            case 17 -> AsciiString.contentEquals(name, HttpHeaderNames.TRANSFER_ENCODING) || extension(name);
            default -> extension(name);
        };
    }

    private static boolean extension(CharSequence name) {
        return name.length() > EXTENSION_PREFIX.length()
                && AsciiString.regionMatches(name, false, 0, EXTENSION_PREFIX, 0, EXTENSION_PREFIX.length());
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

    /**
     * The last content of a response whose end came with its last DATA ({@code data} retained): no trailers, so none
     * are allocated (its trailing headers are the immutable empty ones; nobody adds trailers to a response part).
     */
    static LastHttpContent responseEnd(ByteBuf data) {
        return new DefaultLastHttpContent(data, EmptyHttpHeaders.INSTANCE);
    }
}
