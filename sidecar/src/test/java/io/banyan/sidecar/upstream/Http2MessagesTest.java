package io.banyan.sidecar.upstream;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpScheme;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Http2MessagesTest {

    @Test
    void requestHeadBecomesPseudoHeadersAndLowerCaseFieldsWithoutConnectionSpecificOnes() {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/orders/42?x=1");
        request.headers()
                .add("Host", "user@orders:8080")
                .add("Content-Type", "application/json")
                .add("x-request-id", "abc")
                .add("Transfer-Encoding", "chunked")
                .add("Keep-Alive", "timeout=5")
                .add("Proxy-Connection", "keep-alive")
                .add("Upgrade", "h2c")
                .add("x-http2-scheme", "https")
                .add("TE", "trailers")
                .add("Cookie", "a=1; b=2");

        Http2Headers headers = Http2Messages.requestHeaders(request, HttpScheme.HTTPS.name());

        assertThat(headers.method().toString()).isEqualTo("POST");
        assertThat(headers.path().toString()).isEqualTo("/orders/42?x=1");
        assertThat(headers.scheme().toString()).isEqualTo("https");
        assertThat(headers.authority().toString()).isEqualTo("orders:8080");
        assertThat(names(headers)).containsExactly(":method", ":scheme", ":path", ":authority", "content-type",
                "x-request-id", "te", "cookie", "cookie");
        assertThat(headers.get("te").toString()).isEqualTo("trailers");
        assertThat(headers.getAll("cookie")).map(CharSequence::toString).containsExactly("a=1", "b=2");
    }

    @Test
    void aTeOtherThanTrailersIsDroppedAndConnectionNamedFieldsGoToo() {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
        request.headers().add("host", "orders").add("te", "gzip").add("connection", "x-private").add("x-private", "1")
                .add("accept", "*/*");

        Http2Headers headers = Http2Messages.requestHeaders(request, HttpScheme.HTTP.name());

        assertThat(names(headers)).containsExactly(":method", ":scheme", ":path", ":authority", "accept");
        assertThat(headers.scheme().toString()).isEqualTo("http");
    }

    @Test
    void anAbsoluteFormTargetGivesSchemeAuthorityAndPath() {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "http://orders:81/a?b");

        Http2Headers headers = Http2Messages.requestHeaders(request, HttpScheme.HTTPS.name());

        assertThat(headers.path().toString()).isEqualTo("/a?b");
        assertThat(headers.authority().toString()).isEqualTo("orders:81");
        assertThat(headers.scheme().toString()).isEqualTo("http");
    }

    @Test
    void aResponseWithABodyOfUnknownLengthIsMarkedChunkedAndCarriesNoExtensionHeader() throws Http2Exception {
        Http2Headers headers = new DefaultHttp2Headers().status("200").add("content-type", "text/plain");

        HttpResponse response = Http2Messages.responseHead(3, headers, false);

        assertThat(response.status().code()).isEqualTo(200);
        assertThat(response.headers().get(HttpHeaderNames.TRANSFER_ENCODING)).isEqualTo("chunked");
        assertThat(response.headers().get("content-type")).isEqualTo("text/plain");
        assertThat(response.headers().names()).noneMatch(name -> name.startsWith("x-http2-") || name.startsWith(":"));
    }

    @Test
    void aResponseWithALengthOrWithoutBodyIsNotChunked() throws Http2Exception {
        HttpResponse sized = Http2Messages.responseHead(3, new DefaultHttp2Headers().status("200")
                .add("content-length", "5"), false);
        HttpResponse bodyless = Http2Messages.responseHead(5, new DefaultHttp2Headers().status("204"), true);
        HttpResponse interim = Http2Messages.responseHead(7, new DefaultHttp2Headers().status("103"), false);

        assertThat(sized.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)).isFalse();
        assertThat(bodyless.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)).isFalse();
        assertThat(interim.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)).isFalse();
    }

    @Test
    void aStatusThatIsNoneFailsTheConversion() {
        assertThatThrownBy(() -> Http2Messages.responseHead(3, new DefaultHttp2Headers().status("abc"), true))
                .isInstanceOf(Http2Exception.class);
    }

    @Test
    void responseTrailersBecomeTheLastContentsTrailingHeaders() throws Http2Exception {
        LastHttpContent last = Http2Messages.responseTrailers(3, new DefaultHttp2Headers().add("grpc-status", "0"));

        assertThat(last.trailingHeaders().get("grpc-status")).isEqualTo("0");
        assertThat(last.content().isReadable()).isFalse();
        assertThat(last.release()).isFalse(); // an empty buffer: nothing to free
    }

    private static List<String> names(Http2Headers headers) {
        List<String> names = new ArrayList<>();
        headers.forEach(entry -> names.add(entry.getKey().toString()));
        return names;
    }
}
