package io.banyan.sidecar.http1;

import io.banyan.dataplane.config.Http1Limits;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ForwardedHeadersTest {

    @Test
    void fromTheLocalApp_appendsPeerSetsSchemeFromTheConnectionKeepsTraceAndRequestId() {
        HttpHeaders headers = new DefaultHttpHeaders()
                .add("x-forwarded-for", "10.0.0.1")
                .add("x-forwarded-proto", "https")
                .add("x-request-id", "abc-123")
                .add("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");

        ForwardedHeaders.apply(headers, "127.0.0.1", "http", DownstreamHop.LOCAL_APP);

        assertThat(headers.get("x-forwarded-for")).isEqualTo("10.0.0.1, 127.0.0.1");
        assertThat(headers.get("x-forwarded-proto")).isEqualTo("http");
        assertThat(headers.get("x-request-id")).isEqualTo("abc-123");
        assertThat(headers.get("traceparent")).isEqualTo("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    }

    @Test
    void fromAMeshPeer_theSchemeItSentIsKept_notTheMutualTlsHops() {
        HttpHeaders sent = new DefaultHttpHeaders().add("x-forwarded-for", "198.51.100.4")
                .add("x-forwarded-proto", "http");
        HttpHeaders absent = new DefaultHttpHeaders();

        ForwardedHeaders.apply(sent, "10.0.0.9", "https", DownstreamHop.MESH_PEER);
        ForwardedHeaders.apply(absent, "10.0.0.9", "https", DownstreamHop.MESH_PEER);

        assertThat(sent.getAll("x-forwarded-proto")).containsExactly("http");
        assertThat(sent.get("x-forwarded-for")).isEqualTo("198.51.100.4, 10.0.0.9");
        assertThat(absent.get("x-forwarded-proto")).isEqualTo("https");
    }

    @Test
    void theHopOfAListener_inboundIsAMeshPeer_anEdgeGatewaysOthersFaceClients() {
        assertThat(DownstreamHop.of(true, false)).isEqualTo(DownstreamHop.MESH_PEER);
        assertThat(DownstreamHop.of(true, true)).isEqualTo(DownstreamHop.MESH_PEER);
        assertThat(DownstreamHop.of(false, true)).isEqualTo(DownstreamHop.EDGE_CLIENT);
        assertThat(DownstreamHop.of(false, false)).isEqualTo(DownstreamHop.LOCAL_APP);
    }

    @Test
    void atTheEdge_theClientsForwardingHeadersAndRequestIdAreReplacedOrDropped_notExtended() {
        HttpHeaders headers = new DefaultHttpHeaders()
                .add("x-forwarded-for", "6.6.6.6")
                .add("x-forwarded-proto", "http")
                .add("x-forwarded-host", "admin.internal")
                .add("X-Forwarded-Port", "443")
                .add("forwarded", "for=6.6.6.6;proto=https;host=admin.internal")
                .add("x-request-id", "chosen-by-the-client")
                .add("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");

        ForwardedHeaders.apply(headers, "203.0.113.7", "https", DownstreamHop.EDGE_CLIENT);

        assertThat(headers.getAll("x-forwarded-for")).containsExactly("203.0.113.7");
        assertThat(headers.getAll("x-forwarded-proto")).containsExactly("https");
        assertThat(headers.contains("x-forwarded-host")).isFalse();
        assertThat(headers.contains("x-forwarded-port")).isFalse();
        assertThat(headers.contains("forwarded")).isFalse();
        assertThat(headers.get("x-request-id")).isNotEqualTo("chosen-by-the-client").hasSize(36);
        assertThat(headers.get("traceparent")).isEqualTo("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    }

    @Test
    void makesARequestIdWhenAbsentOrUnfitAndConnectionCannotNameTheProxyHeaders() {
        HttpHeaders absent = new DefaultHttpHeaders().add("connection", "close, X-Forwarded-For, x-request-id");
        HttpHeaders unfit = new DefaultHttpHeaders().add("x-request-id", "a b");

        ForwardedHeaders.apply(absent, "127.0.0.1", "https", DownstreamHop.LOCAL_APP);
        ForwardedHeaders.apply(unfit, null, "http", DownstreamHop.MESH_PEER);

        assertThat(absent.get("x-request-id")).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(absent.get("connection")).isEqualTo("close");
        assertThat(absent.get("x-forwarded-proto")).isEqualTo("https");
        assertThat(unfit.get("x-request-id")).isNotEqualTo("a b").hasSize(36);
        assertThat(unfit.contains("x-forwarded-for")).isFalse();
    }

    @Test
    void limitsSayWhatWasExpected() {
        assertThatThrownBy(() -> new Http1Limits(70_000_000, 61440, 100, Http1Limits.DEFAULT.requestHeadersTimeout(),
                Http1Limits.DEFAULT.requestBodyIdleTimeout(), Http1Limits.DEFAULT.idleTimeout()))
                .hasMessage("maxRequestLineBytes: 70000000 (expected: 256..1048576)");
        assertThatThrownBy(() -> Http1Limits.DEFAULT.withTimeouts(java.time.Duration.ofSeconds(-1),
                java.time.Duration.ZERO, java.time.Duration.ZERO))
                .hasMessage("requestHeadersTimeout: PT-1S (expected: >= 0, 0 for none)");
    }
}
