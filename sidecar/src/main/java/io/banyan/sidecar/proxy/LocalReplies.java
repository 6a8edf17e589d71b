package io.banyan.sidecar.proxy;

import io.banyan.dataplane.config.DirectResponse;
import io.banyan.dataplane.config.Route;
import io.banyan.sidecar.codec.ConnectionHeader;
import io.banyan.sidecar.http1.ForwardedHeaders;
import io.banyan.sidecar.route.RedirectLocation;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.nio.charset.StandardCharsets;

/**
 * The responses of routes the proxy answers itself, never contacting an upstream: a redirect (its status, a
 * {@code Location} built from the request, no body) or a direct response (its status and body, {@code text/plain}
 * when it has one); then the route's response header mutations. A HEAD request gets the head only.
 */
final class LocalReplies {

    private LocalReplies() {
    }

    static FullHttpResponse of(Route route, HttpRequest request, String target, ByteBufAllocator alloc,
                               boolean keepAlive) {
        FullHttpResponse response;
        if (route.kind() == Route.Kind.REDIRECT) {
            String scheme = request.headers().get(ForwardedHeaders.X_FORWARDED_PROTO);
            String location = RedirectLocation.of(route.redirect(), route.match(),
                    "https".equals(scheme) ? "https" : "http", request.headers().get(HttpHeaderNames.HOST), target);
            response = response(request, route.redirect().status(), Unpooled.EMPTY_BUFFER);
            response.headers().set(HttpHeaderNames.LOCATION, location);
        } else {
            DirectResponse direct = route.directResponse();
            byte[] body = direct.body().getBytes(StandardCharsets.UTF_8);
            ByteBuf content = body.length == 0 || HttpMethod.HEAD.equals(request.method())
                    ? Unpooled.EMPTY_BUFFER : alloc.buffer(body.length).writeBytes(body);
            response = response(request, direct.status(), content);
            if (body.length > 0) {
                response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN);
            }
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        }
        HttpHeaders headers = response.headers();
        if (!headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
            headers.setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        }
        HeaderMutator.apply(route.responseHeaders(), headers);
        ConnectionHeader.set(headers, request.protocolVersion(), keepAlive);
        return response;
    }

    private static FullHttpResponse response(HttpRequest request, int status, ByteBuf content) {
        return new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.valueOf(status), content);
    }
}
