package io.banyan.sidecar.proxy;

import io.banyan.sidecar.loadbalance.RequestView;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** A Netty request as the hash policies read it: its headers, its cookies and the downstream's address. */
final class HttpRequestView implements RequestView {

    private final HttpRequest request;
    private final Channel downstream;

    HttpRequestView(HttpRequest request, Channel downstream) {
        this.request = request;
        this.downstream = downstream;
    }

    @Override
    public String header(String name) {
        return request.headers().get(name);
    }

    @Override
    public String cookie(String name) {
        for (String header : request.headers().getAll(HttpHeaderNames.COOKIE)) {
            for (Cookie cookie : ServerCookieDecoder.LAX.decodeAll(header)) {
                if (cookie.name().equals(name)) {
                    return cookie.value();
                }
            }
        }
        return null;
    }

    @Override
    public String sourceAddress() {
        SocketAddress address = downstream.remoteAddress();
        return address instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : null;
    }
}
