package io.banyan.sidecar.trace;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TraceSettingsTest {

    @Test
    void noEndpointExportsNothing() {
        assertThat(TraceSettings.of(null, OtlpProtocol.HTTP_PROTOBUF, 1.0).exports()).isFalse();
        assertThat(TraceSettings.of(" ", OtlpProtocol.GRPC, 0.5).exports()).isFalse();
        assertThat(TraceSettings.OFF.exports()).isFalse();
    }

    @Test
    void httpProtobufGetsTheTracesPathUnlessTheUrlHasOne() {
        assertThat(TraceSettings.of("http://collector:4318", OtlpProtocol.HTTP_PROTOBUF, 1.0).exportUrl())
                .isEqualTo("http://collector:4318/v1/traces");
        assertThat(TraceSettings.of("http://collector:4318/", OtlpProtocol.HTTP_PROTOBUF, 1.0).exportUrl())
                .isEqualTo("http://collector:4318/v1/traces");
        assertThat(TraceSettings.of("https://c.example/otlp/v1/traces", OtlpProtocol.HTTP_PROTOBUF, 1.0).exportUrl())
                .isEqualTo("https://c.example/otlp/v1/traces");
        assertThat(TraceSettings.of("http://collector:4317", OtlpProtocol.GRPC, 1.0).exportUrl())
                .isEqualTo("http://collector:4317");
    }

    @Test
    void aBadEndpointOrRatioIsNamed() {
        assertThatThrownBy(() -> TraceSettings.of("collector:4318", OtlpProtocol.HTTP_PROTOBUF, 1.0))
                .hasMessageStartingWith("otlp-endpoint: 'collector:4318' (expected: http://HOST:PORT");
        assertThatThrownBy(() -> TraceSettings.of("ftp://collector", OtlpProtocol.HTTP_PROTOBUF, 1.0))
                .hasMessageStartingWith("otlp-endpoint: 'ftp://collector'");
        assertThatThrownBy(() -> TraceSettings.of("http://collector:4317/v1", OtlpProtocol.GRPC, 1.0))
                .hasMessageContaining("no path for --otlp-protocol grpc");
        assertThatThrownBy(() -> TraceSettings.of("http://collector:4318", OtlpProtocol.HTTP_PROTOBUF, -0.1))
                .hasMessageStartingWith("trace-sampling: -0.1");
        assertThatThrownBy(() -> OtlpProtocol.fromWireName("http/json"))
                .hasMessage("otlp-protocol: 'http/json' (expected: one of http/protobuf, grpc)");
    }
}
