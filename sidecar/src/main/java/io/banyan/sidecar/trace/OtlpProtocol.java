package io.banyan.sidecar.trace;

import java.util.Arrays;
import java.util.stream.Collectors;

/** How spans travel to the OTLP endpoint: OpenTelemetry's {@code OTEL_EXPORTER_OTLP_PROTOCOL} values. */
public enum OtlpProtocol {

    /** {@code POST /v1/traces} with a protobuf body, over the JDK's HttpClient. */
    HTTP_PROTOBUF("http/protobuf"),
    /** {@code opentelemetry.proto.collector.trace.v1.TraceService/Export} over the sidecar's own grpc-java. */
    GRPC("grpc");

    private final String wireName;

    OtlpProtocol(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The protocol named {@code name}, as {@code --otlp-protocol} takes it. */
    public static OtlpProtocol fromWireName(String name) {
        for (OtlpProtocol protocol : values()) {
            if (protocol.wireName.equals(name)) {
                return protocol;
            }
        }
        throw new IllegalArgumentException("otlp-protocol: '" + name + "' (expected: one of "
                + Arrays.stream(values()).map(OtlpProtocol::wireName).collect(Collectors.joining(", ")) + ")");
    }

    @Override
    public String toString() {
        return wireName;
    }
}
