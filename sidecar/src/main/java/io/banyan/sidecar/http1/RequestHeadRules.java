package io.banyan.sidecar.http1;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;

import java.util.List;

/**
 * What the codec lets through but a proxy must refuse: an HTTP version other than 1.0 and 1.1 (505 when well-formed
 * but unsupported, such as {@code HTTP/2.0} in a request line, {@code HTTP/1.2} or {@code HTTP/9.9}; 400 when not
 * spelled as RFC 9112 section 2.3 says, such as {@code http/1.1}), an HTTP/1.1 request without Host (RFC 9112 section
 * 3.2), and, against request smuggling (section 6), a Transfer-Encoding other than exactly {@code chunked}, more than
 * one Host, more header fields than allowed.
 */
final class RequestHeadRules {

    private RequestHeadRules() {
    }

    /** The rule {@code request} breaks, or null. */
    static Rejection check(HttpRequest request, int maxHeaderCount) {
        Rejection version = checkVersion(request.protocolVersion());
        if (version != null) {
            return version;
        }
        HttpHeaders headers = request.headers();
        if (headers.size() > maxHeaderCount) {
            return Rejection.TOO_MANY_HEADERS;
        }
        List<String> codings = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
        if (!codings.isEmpty()) {
            if (codings.size() != 1 || !HttpHeaderValues.CHUNKED.contentEqualsIgnoreCase(codings.get(0).trim())) {
                return Rejection.TRANSFER_ENCODING_NOT_CHUNKED;
            }
            if (headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
                return Rejection.CONTENT_LENGTH_AND_TRANSFER_ENCODING;
            }
        }
        List<String> hosts = headers.getAll(HttpHeaderNames.HOST);
        if (hosts.size() > 1) {
            return Rejection.DUPLICATE_HOST;
        }
        if (hosts.isEmpty() && request.protocolVersion() == HttpVersion.HTTP_1_1) {
            return Rejection.MISSING_HOST;
        }
        return null;
    }

    /**
     * The codec hands over its own {@link HttpVersion#HTTP_1_1} and {@link HttpVersion#HTTP_1_0} instances only for
     * those exact bytes; any other version it parsed (it upper-cases the name) is a new instance.
     */
    private static Rejection checkVersion(HttpVersion version) {
        if (version == HttpVersion.HTTP_1_1 || version == HttpVersion.HTTP_1_0) {
            return null;
        }
        boolean http1 = version.majorVersion() == 1 && (version.minorVersion() == 0 || version.minorVersion() == 1);
        boolean spelledRight = "HTTP".equals(version.protocolName()) && !http1;
        return spelledRight ? Rejection.VERSION_NOT_SUPPORTED : Rejection.VERSION_MALFORMED;
    }
}
