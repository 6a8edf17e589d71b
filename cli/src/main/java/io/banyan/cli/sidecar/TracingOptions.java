package io.banyan.cli.sidecar;

import io.banyan.sidecar.trace.OtlpProtocol;
import io.banyan.sidecar.trace.TraceSettings;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The trace options every data-plane process shares, {@code banyan sidecar} and {@code banyan gateway}. */
public final class TracingOptions {

    @Option(names = "--otlp-endpoint", paramLabel = "URL",
            description = "Export spans (OpenTelemetry, OTLP) to this receiver, e.g. http://otel-collector:4318 "
                    + "(http/protobuf: /v1/traces is added when the URL has no path) or http://otel-collector:4317 "
                    + "(grpc). Unset: no spans, a caller's trace context passes untouched (default: unset).")
    String otlpEndpoint;

    @Option(names = "--otlp-protocol", paramLabel = "PROTOCOL", defaultValue = "http/protobuf",
            converter = ProtocolConverter.class,
            description = "How spans travel to --otlp-endpoint: http/protobuf or grpc (default: ${DEFAULT-VALUE}).")
    OtlpProtocol otlpProtocol;

    @Option(names = "--trace-sampling", paramLabel = "RATIO", defaultValue = "1.0",
            description = "Share of the traces starting here that are recorded, 0..1; a caller's decision "
                    + "(traceparent flags, B3 sampled) is honoured (default: ${DEFAULT-VALUE}).")
    double traceSampling;

    /** The validated trace settings; an invalid value throws IllegalArgumentException naming the option. */
    public TraceSettings settings() {
        return TraceSettings.of(otlpEndpoint, otlpProtocol, traceSampling);
    }

    static final class ProtocolConverter implements ITypeConverter<OtlpProtocol> {
        @Override
        public OtlpProtocol convert(String value) {
            try {
                return OtlpProtocol.fromWireName(value.trim());
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("expected: http/protobuf or grpc");
            }
        }
    }
}
