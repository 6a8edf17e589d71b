package io.banyan.dataplane.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MeshHeaderReserveTest {

    @Test
    void inboundLimitsLeaveRoomForWhatTheCallingSidecarAddsAndKeepEverythingElse() {
        Http1Limits http1 = MeshHeaderReserve.widen(Http1Limits.DEFAULT);
        Http2Limits http2 = MeshHeaderReserve.widen(Http2Limits.DEFAULT);

        assertThat(http1.maxHeaderCount()).isEqualTo(100 + MeshHeaderReserve.ADDED.size());
        assertThat(http1.maxHeadersBytes()).isEqualTo(60 * 1024 + 1024);
        assertThat(http1.withHeaderLimits(60 * 1024, 100)).isEqualTo(Http1Limits.DEFAULT);
        assertThat(http2.maxHeaderCount()).isEqualTo(100 + MeshHeaderReserve.ADDED.size());
        assertThat(http2.maxHeaderListBytes()).isEqualTo(60 * 1024 + 1024);
        assertThat(http2.withHeaderLimits(60 * 1024, 100)).isEqualTo(Http2Limits.DEFAULT);
    }

    @Test
    void aLimitAtItsMaximumStaysThere() {
        Http1Limits widest = Http1Limits.DEFAULT.withHeaderLimits(1024 * 1024, 10_000);

        assertThat(MeshHeaderReserve.widen(widest)).isEqualTo(widest);
    }
}
