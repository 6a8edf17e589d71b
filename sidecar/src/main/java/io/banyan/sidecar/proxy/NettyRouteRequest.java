package io.banyan.sidecar.proxy;

import io.banyan.sidecar.route.RouteRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;

import java.util.List;

/**
 * A Netty request as routing reads it, without copying: one per connection, pointed at each request in turn
 * ({@link #of}) while it is admitted. HTTP/2 requests arrive here converted, {@code :authority} as {@code Host}.
 */
public final class NettyRouteRequest implements RouteRequest {

    private HttpRequest request;

    /** This view, now of {@code next}. */
    public NettyRouteRequest of(HttpRequest next) {
        this.request = next;
        return this;
    }

    @Override
    public String method() {
        return request.method().name();
    }

    @Override
    public String authority() {
        return request.headers().get(HttpHeaderNames.HOST);
    }

    @Override
    public String target() {
        return request.uri();
    }

    @Override
    public String header(String name) {
        List<String> values = request.headers().getAll(name);
        return switch (values.size()) {
            case 0 -> null;
            case 1 -> values.get(0);
            default -> String.join(",", values);
        };
    }
}
