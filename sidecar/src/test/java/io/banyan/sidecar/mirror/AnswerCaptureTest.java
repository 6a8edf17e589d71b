package io.banyan.sidecar.mirror;

import io.banyan.dataplane.config.ShadowCompare;
import io.banyan.dataplane.config.ShadowCompare.BodyMode;
import io.banyan.sidecar.mirror.compare.Answer;
import io.banyan.sidecar.mirror.compare.AnswerComparer;
import io.banyan.sidecar.mirror.compare.JsonBodyReader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One side's answer taken down as it streams by: the digest does not depend on where chunks break, JSON is read once
 * complete, a body beyond the cap stops the capture, and what it is shown is neither taken nor changed (its indexes and
 * reference counts stay as they were); every buffer it kept is given back.
 */
class AnswerCaptureTest {

    private final UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(false);
    private final List<ByteBuf> shown = new ArrayList<>();

    @AfterEach
    void nothingKeptAndNothingTaken() {
        assertThat(alloc.metric().usedHeapMemory()).isZero();
        for (ByteBuf buf : shown) {
            assertThat(buf.refCnt()).isOne();
            buf.release();
        }
    }

    @Test
    void anExactDigestDoesNotDependOnWhereTheChunksBreak() {
        Answer whole = capture(ShadowCompare.DEFAULT, 200, "hello, shadow world");
        Answer split = capture(ShadowCompare.DEFAULT, 200, "he", "llo, sh", "", "adow wor", "ld");
        Answer composite = captureComposite(ShadowCompare.DEFAULT, "hello, ", "shadow ", "world");
        Answer other = capture(ShadowCompare.DEFAULT, 200, "hello, shadow", " World");

        assertThat(AnswerComparer.compare(ShadowCompare.DEFAULT, whole, split)).isNull();
        assertThat(AnswerComparer.compare(ShadowCompare.DEFAULT, whole, composite)).isNull();
        assertThat(AnswerComparer.compare(ShadowCompare.DEFAULT, whole, other)).isNotNull();
    }

    @Test
    void aJsonBodyIsReadOnceCompleteFromChunksThatBreakAnywhere() {
        ShadowCompare json = new ShadowCompare(true, List.of(), BodyMode.JSON, List.of(), 1024);

        Answer answer = capture(json, 200, "{\"id\":", "7,\"tot", "al\":1.50}");

        assertThat(answer.json().get("total").decimalValue()).isEqualByComparingTo("1.5");
        assertThat(answer.digest()).isNull();
    }

    @Test
    void theStatusAndNamedHeadersAreTakenFromTheFinalAnswerNotAnInformationalOne() {
        ShadowCompare headers = new ShadowCompare(true, List.of("etag", "vary"), BodyMode.NONE, List.of(), 1024);
        AnswerCapture capture = new AnswerCapture(headers, alloc, new JsonBodyReader());
        HttpResponse early = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE);
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CREATED);
        head.headers().add("ETag", "\"v1\"").add("Vary", "a").add("Vary", "b");

        assertThat(capture.offer(early)).isFalse();
        assertThat(capture.offer(LastHttpContent.EMPTY_LAST_CONTENT)).isFalse();
        assertThat(capture.offer(head)).isFalse();
        assertThat(capture.offer(LastHttpContent.EMPTY_LAST_CONTENT)).isTrue();

        assertThat(capture.answer().status()).isEqualTo(201);
        assertThat(capture.answer().headers()).containsExactly("\"v1\"", "a,b");
        capture.release();
    }

    @Test
    void aBodyBeyondTheCapStopsTheCaptureAndGivesBackWhatItKept() {
        ShadowCompare small = new ShadowCompare(true, List.of(), BodyMode.JSON, List.of(), 8);
        AnswerCapture capture = new AnswerCapture(small, alloc, new JsonBodyReader());
        capture.offer(head());

        assertThat(capture.offer(chunk("{\"a\":"))).isFalse();
        assertThat(alloc.metric().usedHeapMemory()).isPositive();
        assertThat(capture.offer(chunk("12345}"))).isTrue();

        assertThat(capture.tooLarge()).isTrue();
        assertThat(capture.answer()).isNull();
        assertThat(alloc.metric().usedHeapMemory()).isZero();
        capture.release();
    }

    @Test
    void anAnswerCutShortHasNoAnswerAndGivesBackItsBuffer() {
        ShadowCompare json = new ShadowCompare(true, List.of(), BodyMode.JSON, List.of(), 1024);
        AnswerCapture capture = new AnswerCapture(json, alloc, new JsonBodyReader());
        capture.offer(head());
        capture.offer(chunk("{\"a\":"));

        capture.release();

        assertThat(capture.answer()).isNull();
        assertThat(capture.offer(new DefaultLastHttpContent(Unpooled.copiedBuffer("1}", StandardCharsets.UTF_8))))
                .isFalse();
    }

    private Answer capture(ShadowCompare compare, int status, String... chunks) {
        AnswerCapture capture = new AnswerCapture(compare, alloc, new JsonBodyReader());
        List<HttpObject> parts = new ArrayList<>();
        parts.add(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status)));
        for (int i = 0; i < chunks.length; i++) {
            parts.add(i == chunks.length - 1 ? last(chunks[i]) : chunk(chunks[i]));
        }
        boolean done = false;
        for (HttpObject part : parts) {
            done = capture.offer(part);
        }
        assertThat(done).isTrue();
        Answer answer = capture.answer();
        capture.release();
        return answer;
    }

    private Answer captureComposite(ShadowCompare compare, String... parts) {
        CompositeByteBuf body = Unpooled.compositeBuffer();
        for (String part : parts) {
            body.addComponent(true, Unpooled.copiedBuffer(part, StandardCharsets.UTF_8));
        }
        shown.add(body);
        AnswerCapture capture = new AnswerCapture(compare, alloc, new JsonBodyReader());
        capture.offer(head());
        assertThat(capture.offer(new DefaultLastHttpContent(body))).isTrue();
        Answer answer = capture.answer();
        capture.release();
        return answer;
    }

    private static HttpResponse head() {
        return new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    }

    private HttpContent chunk(String text) {
        ByteBuf buf = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
        shown.add(buf);
        return new DefaultHttpContent(buf);
    }

    private LastHttpContent last(String text) {
        ByteBuf buf = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
        shown.add(buf);
        return new DefaultLastHttpContent(buf);
    }
}
