package io.banyan.sidecar.http1;

import io.banyan.dataplane.config.Http1Limits;
import io.banyan.sidecar.metrics.MetricNames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

class RequestValidatorTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<HttpRequest> forwarded = new ArrayList<>();

    private EmbeddedChannel channel() {
        EmbeddedChannel channel = new EmbeddedChannel();
        new Http1Guards(Http1Limits.DEFAULT, new Http1Meters(registry, "test")).addLast(channel.pipeline(), "codec");
        channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof HttpRequest request) {
                    forwarded.add(request);
                }
                ReferenceCountUtil.release(msg);
            }
        });
        return channel;
    }

    private static String written(EmbeddedChannel channel) {
        StringBuilder out = new StringBuilder();
        ByteBuf buf;
        while ((buf = channel.readOutbound()) != null) {
            out.append(buf.toString(StandardCharsets.ISO_8859_1));
            buf.release();
        }
        return out.toString();
    }

    private double protocolErrors(String reason) {
        return registry.get(MetricNames.PROTOCOL_ERRORS).tags("listener", "test", "reason", reason).counter().count();
    }

    static Stream<Arguments> malformed() {
        String post = "POST / HTTP/1.1\r\nHost: a\r\n";
        return Stream.of(
                Arguments.of("content-length and transfer-encoding",
                        post + "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                        "400 Bad Request", "content_length_and_transfer_encoding"),
                Arguments.of("transfer-encoding gzip, chunked", post + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
                        "400 Bad Request", "transfer_encoding_not_chunked"),
                Arguments.of("transfer-encoding identity", post + "Transfer-Encoding: identity\r\n\r\n",
                        "400 Bad Request", "transfer_encoding_not_chunked"),
                Arguments.of("transfer-encoding twice", post + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                        "400 Bad Request", "transfer_encoding_not_chunked"),
                Arguments.of("duplicate content-length", post + "Content-Length: 3\r\nContent-Length: 3\r\n\r\nabc",
                        "400 Bad Request", "content_length_invalid"),
                Arguments.of("differing content-length", post + "Content-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
                        "400 Bad Request", "content_length_invalid"),
                Arguments.of("bare LF", "GET / HTTP/1.1\nHost: a\n\n", "400 Bad Request", "bare_lf"),
                Arguments.of("obs-fold", "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\r\n c\r\n\r\n", "400 Bad Request", "obs_fold"),
                Arguments.of("space before colon", "GET / HTTP/1.1\r\nHost : a\r\n\r\n", "400 Bad Request", "header_name_invalid"),
                Arguments.of("control character in value", "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\u0001c\r\n\r\n",
                        "400 Bad Request", "header_value_invalid"),
                Arguments.of("CR in value", "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\rc\r\n\r\n", "400 Bad Request", "header_value_invalid"),
                Arguments.of("two hosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", "400 Bad Request", "duplicate_host"),
                Arguments.of("HTTP/1.1 without Host", "GET / HTTP/1.1\r\nX-A: b\r\n\r\n", "400 Bad Request", "missing_host"),
                Arguments.of("lower-case http/1.1", "GET / http/1.1\r\nHost: a\r\n\r\n", "400 Bad Request", "version_malformed"),
                Arguments.of("Http/1.0", "GET / Http/1.0\r\n\r\n", "400 Bad Request", "version_malformed"),
                Arguments.of("HTTP/2.0 in a request line", "GET / HTTP/2.0\r\nHost: a\r\n\r\n",
                        "505 HTTP Version Not Supported", "version_not_supported"),
                Arguments.of("HTTP/1.2", "GET / HTTP/1.2\r\nHost: a\r\n\r\n", "505 HTTP Version Not Supported",
                        "version_not_supported"),
                Arguments.of("HTTP/9.9", "GET / HTTP/9.9\r\nHost: a\r\n\r\n", "505 HTTP Version Not Supported",
                        "version_not_supported"),
                Arguments.of("HTTP/0.9", "GET / HTTP/0.9\r\nHost: a\r\n\r\n", "505 HTTP Version Not Supported",
                        "version_not_supported"),
                Arguments.of("request line over 8 KiB", "GET /" + "a".repeat(8 * 1024) + " HTTP/1.1\r\nHost: a\r\n\r\n",
                        "414 Request-URI Too Long", "request_line_too_long"),
                Arguments.of("headers over 60 KiB", "GET / HTTP/1.1\r\nHost: a\r\nX-A: " + "a".repeat(60 * 1024) + "\r\n\r\n",
                        "431 Request Header Fields Too Large", "headers_too_large"),
                Arguments.of("more than 100 headers", "GET / HTTP/1.1\r\nHost: a\r\n" + "X-A: b\r\n".repeat(100) + "\r\n",
                        "431 Request Header Fields Too Large", "too_many_headers"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedHeadIsAnsweredClosedCountedAndNeverForwarded(String name, String raw, String status, String reason) {
        EmbeddedChannel channel = channel();

        channel.writeInbound(Unpooled.copiedBuffer(raw, StandardCharsets.ISO_8859_1));

        String response = written(channel);
        assertThat(response).startsWith("HTTP/1.1 " + status + "\r\n").containsIgnoringCase("connection: close\r\n");
        assertThat(forwarded).isEmpty();
        assertThat(channel.isOpen()).isFalse();
        assertThat(protocolErrors(reason)).isEqualTo(1.0);
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void badChunkSizeIsAnswered400BeforeAnyResponse() {
        EmbeddedChannel channel = channel();

        channel.writeInbound(Unpooled.copiedBuffer(
                "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n", StandardCharsets.US_ASCII));

        assertThat(written(channel)).startsWith("HTTP/1.1 400 Bad Request\r\n").contains("x-banyan-error: bad_request");
        assertThat(channel.isOpen()).isFalse();
        assertThat(protocolErrors("chunk_invalid")).isEqualTo(1.0);
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void wellFormedRequestsPassAndPipelinedFoldIsNotMistakenForBody() {
        EmbeddedChannel channel = channel();

        channel.writeInbound(Unpooled.copiedBuffer("GET /a HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\n"
                + "5\r\nab\r\n \r\n0\r\n\r\n", StandardCharsets.US_ASCII));
        channel.writeInbound(Unpooled.copiedBuffer("\r\nGET /b HTTP/1.1\r\nHost: a\r\n\r\n", StandardCharsets.US_ASCII));

        assertThat(forwarded).extracting(HttpRequest::uri).containsExactly("/a", "/b");
        assertThat(written(channel)).isEmpty();
        assertThat(channel.isOpen()).isTrue();
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void foldInAPipelinedHeadIsRefusedOnceTheRequestBeforeItIsAnswered() {
        EmbeddedChannel channel = channel();

        channel.writeInbound(Unpooled.copiedBuffer("POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\n\r\n x"
                + "GET /b HTTP/1.1\r\nHost: a\r\nX-A: b\r\n c\r\n\r\n", StandardCharsets.US_ASCII));

        assertThat(forwarded).extracting(HttpRequest::uri).containsExactly("/a"); // its body's CR LF SP is no fold
        assertThat(written(channel)).isEmpty();
        assertThat(channel.isOpen()).isTrue();

        FullHttpResponse ok = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        ok.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        channel.writeOutbound(ok);

        assertThat(written(channel)).startsWith("HTTP/1.1 200 OK\r\n").contains("\r\n\r\nHTTP/1.1 400 Bad Request\r\n");
        assertThat(channel.isOpen()).isFalse();
        assertThat(protocolErrors("obs_fold")).isEqualTo(1.0);
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void http10WithoutHostAndHttp11WithHostPass() {
        EmbeddedChannel channel = channel();

        channel.writeInbound(Unpooled.copiedBuffer("GET /a HTTP/1.0\r\n\r\n", StandardCharsets.US_ASCII));
        channel.writeInbound(Unpooled.copiedBuffer("GET /b HTTP/1.1\r\nHost: a\r\n\r\n", StandardCharsets.US_ASCII));

        assertThat(forwarded).extracting(request -> request.protocolVersion().text()).containsExactly("HTTP/1.0", "HTTP/1.1");
        assertThat(written(channel)).isEmpty();
        assertThat(channel.isOpen()).isTrue();
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void theFrontendSeesTheNormalisedPath() {
        EmbeddedChannel channel = channel();

        channel.writeInbound(Unpooled.copiedBuffer("GET /../../etc//passwd?x=/../y HTTP/1.1\r\nHost: a\r\n\r\n"
                + "GET /a/%2e%2E/b/./c/ HTTP/1.1\r\nHost: a\r\n\r\n", StandardCharsets.US_ASCII));

        assertThat(forwarded).extracting(HttpRequest::uri).containsExactly("/etc/passwd?x=/../y", "/b/c/");
        assertThat(written(channel)).isEmpty();
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void foldSplitAcrossReadsIsFound() {
        EmbeddedChannel channel = channel();

        channel.writeInbound(Unpooled.copiedBuffer("GET / HTTP/1.1\r\nHost: a\r\nX-A: b\r", StandardCharsets.US_ASCII));
        channel.writeInbound(Unpooled.copiedBuffer("\n", StandardCharsets.US_ASCII));
        channel.writeInbound(Unpooled.copiedBuffer("\tc\r\n\r\n", StandardCharsets.US_ASCII));

        assertThat(written(channel)).startsWith("HTTP/1.1 400 Bad Request\r\n");
        assertThat(forwarded).isEmpty();
        assertThat(protocolErrors("obs_fold")).isEqualTo(1.0);
        assertFalse(channel.finishAndReleaseAll());
    }
}
