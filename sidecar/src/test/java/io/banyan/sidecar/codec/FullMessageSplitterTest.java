package io.banyan.sidecar.codec;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

class FullMessageSplitterTest {

    @Test
    void aFullRequestBecomesAHeadAndItsLastContent() {
        EmbeddedChannel channel = new EmbeddedChannel(FullMessageSplitter.INSTANCE);
        FullHttpRequest full = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/orders",
                Unpooled.copiedBuffer("body", StandardCharsets.US_ASCII));
        full.headers().set("host", "orders");
        full.trailingHeaders().set("grpc-status", "0");

        channel.writeInbound(full);

        HttpRequest head = channel.readInbound();
        assertThat(head).isNotInstanceOf(FullHttpMessage.class);
        assertThat(head.method()).isEqualTo(HttpMethod.POST);
        assertThat(head.uri()).isEqualTo("/orders");
        assertThat(head.headers().get("host")).isEqualTo("orders");
        LastHttpContent last = channel.readInbound();
        try {
            assertThat(last.content().toString(StandardCharsets.US_ASCII)).isEqualTo("body");
            assertThat(last.trailingHeaders().get("grpc-status")).isEqualTo("0");
        } finally {
            last.release();
        }
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void otherMessagesPassUntouched() {
        EmbeddedChannel channel = new EmbeddedChannel(FullMessageSplitter.INSTANCE);
        HttpContent chunk = new DefaultHttpContent(Unpooled.copiedBuffer("x", StandardCharsets.US_ASCII));

        channel.writeInbound(chunk);

        HttpContent passed = channel.readInbound();
        assertThat(passed).isSameAs(chunk);
        passed.release();
        assertFalse(channel.finishAndReleaseAll());
    }
}
