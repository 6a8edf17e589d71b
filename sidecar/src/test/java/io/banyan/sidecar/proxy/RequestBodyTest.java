package io.banyan.sidecar.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestBodyTest {

    private static HttpContent chunk(String text) {
        return new DefaultHttpContent(Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII));
    }

    private static LastHttpContent last(String text) {
        return new DefaultLastHttpContent(Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII));
    }

    /** Everything written to {@code connection}, as text; releases what it reads. */
    private static String drain(FakeUpstreams.Connection connection) {
        EmbeddedChannel channel = connection.channel;
        StringBuilder text = new StringBuilder();
        Object msg;
        while ((msg = channel.readOutbound()) != null) {
            ByteBuf content = ((HttpContent) msg).content();
            text.append(content.toString(StandardCharsets.US_ASCII));
            ((HttpContent) msg).release();
        }
        return text.toString();
    }

    @Test
    void aKeptBodyIsSentWholeToEveryAttemptAndReleasedAtTheEnd() {
        FakeUpstreams.Connection first = new FakeUpstreams.Connection(false);
        FakeUpstreams.Connection second = new FakeUpstreams.Connection(false);
        RequestBody body = new RequestBody(1024);
        HttpContent a = chunk("ab");
        LastHttpContent b = last("cd");

        body.accept(a, null); // before the first connection
        body.writeTo(first, false);
        body.accept(b, first); // while it is up
        first.flush();
        assertThat(drain(first)).isEqualTo("abcd");

        body.writeTo(second, false); // the retry
        second.flush();
        assertThat(drain(second)).isEqualTo("abcd");
        assertThat(body.replayState().overflowed()).isFalse();

        body.release();
        assertThat(a.refCnt()).isZero();
        assertThat(b.refCnt()).isZero();
        assertFalse(first.channel.finishAndReleaseAll());
        assertFalse(second.channel.finishAndReleaseAll());
    }

    @Test
    void aBodyOutgrowingTheBufferIsStillSentOnceButNoLongerKept() {
        FakeUpstreams.Connection upstream = new FakeUpstreams.Connection(false);
        RequestBody body = new RequestBody(3);
        HttpContent a = chunk("ab");
        LastHttpContent b = last("cd");

        body.accept(a, null);
        body.accept(b, null); // overflows before any connection: both wait for it
        body.writeTo(upstream, false);
        upstream.flush();

        assertThat(drain(upstream)).isEqualTo("abcd");
        assertThat(body.replayState().overflowed()).isTrue();
        body.release();
        assertThat(a.refCnt()).isZero();
        assertThat(b.refCnt()).isZero();
        assertFalse(upstream.channel.finishAndReleaseAll());
    }

    @Test
    void withoutReplayChunksPassThroughAndTheRestIsReleased() {
        FakeUpstreams.Connection upstream = new FakeUpstreams.Connection(false);
        RequestBody body = new RequestBody(-1);
        HttpContent a = chunk("ab");
        HttpContent unsent = chunk("zz");

        body.accept(a, upstream);
        upstream.flush();
        assertThat(drain(upstream)).isEqualTo("ab");
        assertThat(body.replayState()).isNull();

        body.accept(unsent, null);
        body.release();
        assertThat(unsent.refCnt()).isZero();
        assertFalse(upstream.channel.finishAndReleaseAll());
    }
}
