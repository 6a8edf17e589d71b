package io.banyan.sidecar.mirror.compare;

import io.banyan.dataplane.config.ShadowCompare;
import io.banyan.dataplane.config.ShadowCompare.BodyMode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Status, then headers in the configured order, then the body: the first that differs is reported. */
class AnswerComparerTest {

    private static final ShadowCompare HEADERS = new ShadowCompare(true, List.of("content-type", "etag"), BodyMode.NONE,
            List.of(), 1024);

    @Test
    void theStatusComesFirstWhenCompared() {
        assertThat(AnswerComparer.compare(HEADERS, answer(200, "a", "1"), answer(500, "b", "2")))
                .isEqualTo(new Difference("status", ""));
        ShadowCompare noStatus = new ShadowCompare(false, List.of(), BodyMode.NONE, List.of(), 1024);
        assertThat(AnswerComparer.compare(noStatus, answer(200), answer(500))).isNull();
    }

    @Test
    void aHeaderDiffersByValueOrByBeingAbsentOnOneSide() {
        assertThat(AnswerComparer.compare(HEADERS, answer(200, "json", "1"), answer(200, "json", "2")))
                .isEqualTo(new Difference("header", "etag"));
        assertThat(AnswerComparer.compare(HEADERS, answer(200, "json", null), answer(200, "json", "1")))
                .isEqualTo(new Difference("header", "etag"));
        assertThat(AnswerComparer.compare(HEADERS, answer(200, null, null), answer(200, null, null))).isNull();
    }

    @Test
    void anExactBodyComparesDigests() throws Exception {
        ShadowCompare exact = ShadowCompare.DEFAULT;

        assertThat(AnswerComparer.compare(exact, body(sha("a")), body(sha("a")))).isNull();
        assertThat(AnswerComparer.compare(exact, body(sha("a")), body(sha("b")))).isEqualTo(new Difference("body", ""));
    }

    @Test
    void aJsonBodyThatIsNotJsonIsComparedByItsBytes() throws Exception {
        ShadowCompare json = new ShadowCompare(true, List.of(), BodyMode.JSON, List.of(), 1024);
        Answer tree = new Answer(200, List.of(), null, new JsonBodyReader().read(
                new ByteArrayInputStream("{\"a\":1}".getBytes(StandardCharsets.UTF_8))));

        assertThat(AnswerComparer.compare(json, body(sha("oops")), body(sha("oops")))).isNull();
        assertThat(AnswerComparer.compare(json, body(sha("oops")), body(sha("oops!")))).isEqualTo(new Difference("body", ""));
        assertThat(AnswerComparer.compare(json, tree, body(sha("{\"a\":1")))).isEqualTo(new Difference("body", ""));
        assertThat(AnswerComparer.compare(json, tree, tree)).isNull();
    }

    private static Answer answer(int status, String... headers) {
        return new Answer(status, headers.length == 0 ? List.of() : Arrays.asList(headers), null, null);
    }

    private static Answer body(byte[] digest) {
        return new Answer(200, List.of(), digest, null);
    }

    private static byte[] sha(String text) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    }
}
