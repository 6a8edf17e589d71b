package io.banyan.sidecar.proxy;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HopByHopHeadersTest {

    @Test
    void removesHopByHopHeadersAndThoseConnectionNames() {
        HttpHeaders headers = new DefaultHttpHeaders()
                .add("Host", "orders")
                .add("Connection", "keep-alive, X-Private")
                .add("X-Private", "secret")
                .add("Keep-Alive", "timeout=5")
                .add("Proxy-Connection", "keep-alive")
                .add("TE", "gzip")
                .add("Trailer", "Expires")
                .add("Upgrade", "websocket")
                .add("Transfer-Encoding", "chunked")
                .add("X-Request-Id", "1");

        HopByHopHeaders.strip(headers);

        assertThat(headers.names()).containsExactlyInAnyOrder("Host", "Trailer", "Transfer-Encoding", "X-Request-Id");
        assertThat(headers.get("Host")).isEqualTo("orders");
    }

    @Test
    void teTrailersAloneSurvivesAsGrpcNeedsIt() {
        HttpHeaders headers = new DefaultHttpHeaders().add("TE", "gzip, Trailers;q=0.5").add("Content-Type", "application/grpc");

        HopByHopHeaders.strip(headers);

        assertThat(headers.getAll("TE")).containsExactly("trailers");
    }
}
