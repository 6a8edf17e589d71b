package io.banyan.sidecar.codec;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

class EndStreamOnHeadersTest {

    private static HttpResponse head() {
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        response.headers().set("grpc-status", "5");
        return response;
    }

    @Test
    void aHeadFollowedByAnEmptyLastContentBecomesOneFullResponse() {
        EmbeddedChannel channel = new EmbeddedChannel(new EndStreamOnHeaders());

        channel.write(head());
        channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);

        Object out = channel.readOutbound();
        assertThat(out).isInstanceOf(FullHttpResponse.class);
        assertThat(((FullHttpResponse) out).headers().get("grpc-status")).isEqualTo("5");
        ReferenceCountUtil.release(out);
        assertThat((Object) channel.readOutbound()).isNull();
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void aBodyOrTrailersKeepTheHeadSeparate() {
        EmbeddedChannel channel = new EmbeddedChannel(new EndStreamOnHeaders());

        channel.write(head());
        channel.write(new DefaultHttpContent(Unpooled.copiedBuffer("x", StandardCharsets.US_ASCII)));
        LastHttpContent trailers = new DefaultLastHttpContent();
        trailers.trailingHeaders().set("grpc-status", "0");
        channel.writeAndFlush(trailers);

        Object first = channel.readOutbound();
        assertThat(first).isInstanceOf(HttpResponse.class).isNotInstanceOf(FullHttpResponse.class);
        Object second = channel.readOutbound();
        assertThat(second).isInstanceOf(HttpContent.class);
        ReferenceCountUtil.release(second);
        Object third = channel.readOutbound();
        assertThat(third).isInstanceOf(LastHttpContent.class);
        ReferenceCountUtil.release(third);
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void aFlushSendsAWaitingHead() {
        EmbeddedChannel channel = new EmbeddedChannel(new EndStreamOnHeaders());

        channel.writeAndFlush(head());

        assertThat((Object) channel.readOutbound()).isInstanceOf(HttpResponse.class);
        assertFalse(channel.finishAndReleaseAll());
    }
}
