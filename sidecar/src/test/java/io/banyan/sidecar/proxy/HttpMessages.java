package io.banyan.sidecar.proxy;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The HTTP objects exchange tests send and read: requests to "orders", chunks, bodyless answers, what went out. */
final class HttpMessages {

    private HttpMessages() {
    }

    static HttpRequest request(HttpMethod method, String path, int contentLength) {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, path);
        request.headers().set(HttpHeaderNames.HOST, "orders");
        if (contentLength > 0) {
            request.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, contentLength);
        }
        return request;
    }

    static HttpContent chunk(String text) {
        return new DefaultHttpContent(Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII));
    }

    static LastHttpContent last(String text) {
        return new DefaultLastHttpContent(Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII));
    }

    static HttpResponse head(HttpResponseStatus status, int contentLength) {
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, status);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, contentLength);
        return response;
    }

    /** The upstream answers {@code status} without a body. */
    static void respond(FakeUpstreams.Connection upstream, HttpResponseStatus status) {
        upstream.listener().onResponseObject(head(status, 0));
        upstream.listener().onResponseObject(LastHttpContent.EMPTY_LAST_CONTENT);
    }

    /** What went out on a channel, as text: a head by its first line, a chunk by its bytes; all released. */
    static List<String> written(EmbeddedChannel channel) {
        List<String> out = new ArrayList<>();
        Object msg;
        while ((msg = channel.readOutbound()) != null) {
            if (msg instanceof HttpRequest request) {
                out.add(request.method() + " " + request.uri());
            } else if (msg instanceof HttpResponse response) {
                out.add(response.status().code() + "");
            }
            if (msg instanceof HttpContent content) {
                out.add((content instanceof LastHttpContent ? "last:" : "chunk:")
                        + content.content().toString(StandardCharsets.US_ASCII));
            }
            ReferenceCountUtil.release(msg);
        }
        return out;
    }
}
