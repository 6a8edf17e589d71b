package io.banyan.sidecar.trace;

import java.net.URI;
import java.util.Objects;

/**
 * How a data plane traces: where spans go ({@code --otlp-endpoint}; null: nowhere, and the OpenTelemetry SDK is not
 * even loaded), over which protocol, and the sampling ratio of the traces that start here.
 *
 * @param endpoint      the OTLP receiver, {@code http(s)://host:port} (for http/protobuf the path
 *                      {@code /v1/traces} is added when the URL has none); null: no export
 * @param protocol      http/protobuf (default) or grpc
 * @param samplingRatio 0..1 (default 1.0): the share of new traces recorded; a caller's decision is honoured
 */
public record TraceSettings(URI endpoint, OtlpProtocol protocol, double samplingRatio) {

    public static final double DEFAULT_SAMPLING_RATIO = 1.0;
    /** No export; a caller's trace context passes untouched. */
    public static final TraceSettings OFF = new TraceSettings(null, OtlpProtocol.HTTP_PROTOBUF, DEFAULT_SAMPLING_RATIO);

    public TraceSettings {
        Objects.requireNonNull(protocol, "otlp-protocol");
        checkRatio(samplingRatio);
        if (endpoint != null) {
            String scheme = endpoint.getScheme();
            if (!"http".equals(scheme) && !"https".equals(scheme) || endpoint.getHost() == null
                    || endpoint.getRawQuery() != null || endpoint.getRawFragment() != null
                    || endpoint.getRawUserInfo() != null) {
                throw new IllegalArgumentException("otlp-endpoint: '" + endpoint
                        + "' (expected: http://HOST:PORT or https://HOST:PORT, optionally with a path)");
            }
            if (protocol == OtlpProtocol.GRPC && endpoint.getRawPath() != null && !endpoint.getRawPath().isEmpty()
                    && !"/".equals(endpoint.getRawPath())) {
                throw new IllegalArgumentException("otlp-endpoint: '" + endpoint
                        + "' (expected: no path for --otlp-protocol grpc: http://HOST:PORT)");
            }
        }
    }

    /** {@code --otlp-endpoint} as given: null or empty for none. */
    public static TraceSettings of(String endpoint, OtlpProtocol protocol, double samplingRatio) {
        if (endpoint == null || endpoint.isBlank()) {
            return new TraceSettings(null, protocol, samplingRatio);
        }
        URI uri;
        try {
            uri = new URI(endpoint.strip());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("otlp-endpoint: '" + endpoint
                    + "' (expected: http://HOST:PORT or https://HOST:PORT: " + e.getReason() + ")");
        }
        return new TraceSettings(uri, protocol, samplingRatio);
    }

    /** Whether spans are exported. */
    public boolean exports() {
        return endpoint != null;
    }

    /** The URL spans are sent to: for http/protobuf with no path, {@code /v1/traces} added. */
    public String exportUrl() {
        String url = endpoint.toString();
        String path = endpoint.getRawPath();
        if (protocol == OtlpProtocol.HTTP_PROTOBUF && (path == null || path.isEmpty() || "/".equals(path))) {
            return url.replaceFirst("/?$", "/v1/traces");
        }
        return url.replaceFirst("/$", "");
    }

    static double checkRatio(double ratio) {
        if (!(ratio >= 0.0 && ratio <= 1.0)) {
            throw new IllegalArgumentException("trace-sampling: " + ratio + " (expected: 0..1, e.g. 0.1 for 10%)");
        }
        return ratio;
    }
}
