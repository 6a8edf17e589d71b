package io.banyan.sidecar.proxy.edge;

import io.banyan.sidecar.edge.EdgeRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;

/** A Netty request head as the gate reads it; the query is decoded only if a route asks for a parameter. */
final class NettyEdgeRequest implements EdgeRequest {

    private final HttpRequest request;
    private final SocketAddress peer;

    NettyEdgeRequest(HttpRequest request, SocketAddress peer) {
        this.request = request;
        this.peer = peer;
    }

    @Override
    public String method() {
        return request.method().name();
    }

    @Override
    public String header(String name) {
        return request.headers().get(name);
    }

    @Override
    public String queryParameter(String name) {
        List<String> values = new QueryStringDecoder(request.uri()).parameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Override
    public long contentLength() {
        return HttpUtil.getContentLength(request, request.headers().contains(HttpHeaderNames.TRANSFER_ENCODING) ? -1L : 0L);
    }

    @Override
    public String clientAddress() {
        return peer instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : String.valueOf(peer);
    }
}
