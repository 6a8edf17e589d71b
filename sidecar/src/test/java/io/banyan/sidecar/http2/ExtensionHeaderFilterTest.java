package io.banyan.sidecar.http2;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

class ExtensionHeaderFilterTest {

    @Test
    void netty_extension_headers_are_removed_from_head_and_trailers() {
        EmbeddedChannel channel = new EmbeddedChannel(new ExtensionHeaderFilter());
        HttpRequest head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
        head.headers().set("x-http2-stream-id", "3").set("x-http2-scheme", "http").set("x-http2-path", "/")
                .set("host", "orders");
        LastHttpContent last = new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER);
        last.trailingHeaders().set("x-http2-stream-id", "3").set("grpc-status", "0");

        channel.writeInbound(head, last);

        HttpRequest seen = channel.readInbound();
        assertThat(seen.headers().names()).containsExactly("host");
        LastHttpContent seenLast = channel.readInbound();
        assertThat(seenLast.trailingHeaders().names()).containsExactly("grpc-status");
        seenLast.release();
        assertFalse(channel.finishAndReleaseAll());
    }
}
