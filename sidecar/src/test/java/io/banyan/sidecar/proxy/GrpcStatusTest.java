package io.banyan.sidecar.proxy;

import io.banyan.sidecar.core.ErrorCause;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How gRPC callers see mesh failures. */
class GrpcStatusTest {

    private static HttpHeaders contentType(String value) {
        return new DefaultHttpHeaders().set("content-type", value);
    }

    @Test
    void recognisesGrpcContentTypes() {
        assertThat(GrpcStatus.isGrpc(contentType("application/grpc"))).isTrue();
        assertThat(GrpcStatus.isGrpc(contentType("application/grpc+proto"))).isTrue();
        assertThat(GrpcStatus.isGrpc(contentType("Application/GRPC;charset=utf-8"))).isTrue();
        assertThat(GrpcStatus.isGrpc(contentType("application/grpc-web"))).isFalse();
        assertThat(GrpcStatus.isGrpc(contentType("application/json"))).isFalse();
        assertThat(GrpcStatus.isGrpc(new DefaultHttpHeaders())).isFalse();
    }

    @Test
    void timeoutsAreDeadlineExceededAndUnreachableUpstreamsUnavailable() {
        assertThat(GrpcStatus.of(ErrorCause.UPSTREAM_TIMEOUT)).isEqualTo(GrpcStatus.DEADLINE_EXCEEDED);
        assertThat(GrpcStatus.of(ErrorCause.NO_HEALTHY_UPSTREAM)).isEqualTo(GrpcStatus.UNAVAILABLE);
        assertThat(GrpcStatus.of(ErrorCause.CONNECT_FAILURE)).isEqualTo(GrpcStatus.UNAVAILABLE);
        assertThat(GrpcStatus.of(ErrorCause.UPSTREAM_RESET)).isEqualTo(GrpcStatus.UNAVAILABLE);
        assertThat(GrpcStatus.of(ErrorCause.UNAUTHORIZED)).isEqualTo(GrpcStatus.PERMISSION_DENIED);
        assertThat(GrpcStatus.of(ErrorCause.NO_ROUTE)).isEqualTo(GrpcStatus.UNIMPLEMENTED);
        for (ErrorCause cause : ErrorCause.values()) {
            assertThat(GrpcStatus.of(cause)).isNotEqualTo(GrpcStatus.OK);
        }
    }

    @Test
    void aFailureBeforeTheResponseIsTrailersOnlyAndAfterItTrailers() {
        FullHttpResponse response = GrpcErrorResponses.of(ErrorCause.NO_HEALTHY_UPSTREAM, HttpVersion.HTTP_1_1);
        try {
            assertThat(response.status().code()).isEqualTo(200);
            assertThat(response.headers().get("grpc-status")).isEqualTo("14");
            assertThat(response.headers().get("grpc-message")).contains("no_healthy_upstream");
            assertThat(response.headers().get(ErrorCause.HEADER)).isEqualTo("no_healthy_upstream");
            assertThat(response.content().readableBytes()).isZero();
        } finally {
            response.release();
        }
        LastHttpContent trailers = GrpcErrorResponses.trailers(ErrorCause.UPSTREAM_TIMEOUT);
        try {
            assertThat(trailers.trailingHeaders().get("grpc-status")).isEqualTo("4");
        } finally {
            trailers.release();
        }
    }
}
