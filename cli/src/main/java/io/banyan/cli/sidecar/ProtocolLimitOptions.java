package io.banyan.cli.sidecar;

import io.banyan.cli.options.Converters;
import io.banyan.dataplane.config.Http1Limits;
import io.banyan.dataplane.config.Http2Limits;
import io.banyan.dataplane.config.ProtocolLimits;
import io.banyan.dataplane.config.TunnelSettings;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The {@code --http1-*}, {@code --http2-*} and {@code --tunnel-*} options of {@code banyan sidecar}: every field of
 * {@link ProtocolLimits}. The defaults here are the records' defaults (a test holds them equal); the records validate
 * ranges, and a rejected value is reported under the option's name.
 */
public final class ProtocolLimitOptions {

    // HTTP/1.1

    @Option(names = "--http1-max-request-line", paramLabel = "SIZE", defaultValue = "8KiB",
            converter = Converters.ByteSize.class,
            description = "HTTP/1.1: longest request line; longer answers 414 (default: ${DEFAULT-VALUE}).")
    int http1MaxRequestLine;

    @Option(names = "--http1-max-headers-size", paramLabel = "SIZE", defaultValue = "60KiB",
            converter = Converters.ByteSize.class,
            description = "HTTP/1.1: most header bytes in a request; more answers 431 (default: ${DEFAULT-VALUE}).")
    int http1MaxHeadersSize;

    @Option(names = "--http1-max-headers", paramLabel = "COUNT", defaultValue = "100",
            converter = Converters.Positive.class,
            description = "HTTP/1.1: most header fields in a request; more answers 431 (default: ${DEFAULT-VALUE}).")
    int http1MaxHeaders;

    @Option(names = "--http1-header-timeout", paramLabel = "DURATION", defaultValue = "10s",
            converter = Converters.HumanDuration.class,
            description = "HTTP/1.1: from a request head's first byte to its end; slower answers 408, 0 disables "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration http1HeaderTimeout;

    @Option(names = "--http1-body-idle-timeout", paramLabel = "DURATION", defaultValue = "5m",
            converter = Converters.HumanDuration.class,
            description = "HTTP/1.1: longest pause in a request body; longer answers 408, 0 disables "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration http1BodyIdleTimeout;

    @Option(names = "--http1-idle-timeout", paramLabel = "DURATION", defaultValue = "1h",
            converter = Converters.HumanDuration.class,
            description = "HTTP/1.1: how long a connection may wait for its next request, 0 disables "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration http1IdleTimeout;

    // HTTP/2

    @Option(names = "--http2-max-concurrent-streams", paramLabel = "COUNT", defaultValue = "100",
            converter = Converters.Positive.class,
            description = "HTTP/2: SETTINGS_MAX_CONCURRENT_STREAMS; more are refused (default: ${DEFAULT-VALUE}).")
    int http2MaxConcurrentStreams;

    @Option(names = "--http2-initial-stream-window", paramLabel = "SIZE", defaultValue = "1MiB",
            converter = Converters.ByteSize.class,
            description = "HTTP/2: SETTINGS_INITIAL_WINDOW_SIZE, unread body bytes per stream, 65535 or more "
                    + "(default: ${DEFAULT-VALUE}).")
    int http2InitialStreamWindow;

    @Option(names = "--http2-initial-connection-window", paramLabel = "SIZE", defaultValue = "4MiB",
            converter = Converters.ByteSize.class,
            description = "HTTP/2: unread body bytes per connection, at least the stream window "
                    + "(default: ${DEFAULT-VALUE}).")
    int http2InitialConnectionWindow;

    @Option(names = "--http2-max-frame-size", paramLabel = "SIZE", defaultValue = "16KiB",
            converter = Converters.ByteSize.class,
            description = "HTTP/2: SETTINGS_MAX_FRAME_SIZE, 16384..16777215 (default: ${DEFAULT-VALUE}).")
    int http2MaxFrameSize;

    @Option(names = "--http2-max-header-list-size", paramLabel = "SIZE", defaultValue = "60KiB",
            converter = Converters.ByteSize.class,
            description = "HTTP/2: SETTINGS_MAX_HEADER_LIST_SIZE; larger answers 431, a compressed block over 1.25 "
                    + "times it closes the connection (default: ${DEFAULT-VALUE}).")
    int http2MaxHeaderListSize;

    @Option(names = "--http2-max-headers", paramLabel = "COUNT", defaultValue = "100",
            converter = Converters.Positive.class,
            description = "HTTP/2: most header fields in a request; more answers 431 (default: ${DEFAULT-VALUE}).")
    int http2MaxHeaders;

    @Option(names = "--http2-max-rst-frames", paramLabel = "COUNT", defaultValue = "200",
            converter = Converters.Positive.class,
            description = "HTTP/2: RST_STREAM frames a client may send per --http2-rst-frame-window before "
                    + "ENHANCE_YOUR_CALM (rapid reset; default: ${DEFAULT-VALUE}).")
    int http2MaxRstFrames;

    @Option(names = "--http2-rst-frame-window", paramLabel = "DURATION", defaultValue = "30s",
            converter = Converters.HumanDuration.class,
            description = "HTTP/2: the window of --http2-max-rst-frames, at least 1s (default: ${DEFAULT-VALUE}).")
    Duration http2RstFrameWindow;

    @Option(names = "--http2-max-queued-control-frames", paramLabel = "COUNT", defaultValue = "1000",
            converter = Converters.Positive.class,
            description = "HTTP/2: control frames queued unsent (a client that floods and does not read) before "
                    + "the connection closes (default: ${DEFAULT-VALUE}).")
    int http2MaxQueuedControlFrames;

    @Option(names = "--http2-max-empty-frames", paramLabel = "COUNT", defaultValue = "1",
            converter = Converters.Positive.class,
            description = "HTTP/2: DATA frames in a row with an empty payload and no END_STREAM before GOAWAY "
                    + "(default: ${DEFAULT-VALUE}).")
    int http2MaxEmptyFrames;

    @Option(names = "--http2-max-small-continuation-frames", paramLabel = "COUNT", defaultValue = "16",
            converter = Converters.Positive.class,
            description = "HTTP/2: small CONTINUATION frames in a row before GOAWAY (default: ${DEFAULT-VALUE}).")
    int http2MaxSmallContinuationFrames;

    @Option(names = "--http2-idle-timeout", paramLabel = "DURATION", defaultValue = "1h",
            converter = Converters.HumanDuration.class,
            description = "HTTP/2: how long a connection may have no open stream before GOAWAY, 0 disables "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration http2IdleTimeout;

    @Option(names = "--http2-stream-idle-timeout", paramLabel = "DURATION", defaultValue = "5m",
            converter = Converters.HumanDuration.class,
            description = "HTTP/2: how long a stream may see no frame either way before it is reset, 0 disables "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration http2StreamIdleTimeout;

    @Option(names = "--http2-drain-timeout", paramLabel = "DURATION", defaultValue = "30s",
            converter = Converters.HumanDuration.class,
            description = "HTTP/2: after a graceful GOAWAY, how long open streams may take before the connection "
                    + "closes, 0 disables (default: ${DEFAULT-VALUE}).")
    Duration http2DrainTimeout;

    // tunnels

    @Option(names = "--tunnel-idle-timeout", paramLabel = "DURATION", defaultValue = "5m",
            converter = Converters.HumanDuration.class,
            description = "WebSocket tunnels: closed after no byte either way for this long, 0 disables "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration tunnelIdleTimeout;

    /** The record fields of each part, by the option that sets them: a record's message names the option. */
    private static final Map<String, String> HTTP1_OPTIONS = Map.of(
            "maxRequestLineBytes", "http1-max-request-line",
            "maxHeadersBytes", "http1-max-headers-size",
            "maxHeaderCount", "http1-max-headers",
            "requestHeadersTimeout", "http1-header-timeout",
            "requestBodyIdleTimeout", "http1-body-idle-timeout",
            "idleTimeout", "http1-idle-timeout");
    private static final Map<String, String> HTTP2_OPTIONS = Map.ofEntries(
            Map.entry("maxConcurrentStreams", "http2-max-concurrent-streams"),
            Map.entry("initialStreamWindow", "http2-initial-stream-window"),
            Map.entry("initialConnectionWindow", "http2-initial-connection-window"),
            Map.entry("maxFrameSize", "http2-max-frame-size"),
            Map.entry("maxHeaderListBytes", "http2-max-header-list-size"),
            Map.entry("maxHeaderCount", "http2-max-headers"),
            Map.entry("maxRstFramesPerWindow", "http2-max-rst-frames"),
            Map.entry("rstFrameWindow", "http2-rst-frame-window"),
            Map.entry("maxQueuedControlFrames", "http2-max-queued-control-frames"),
            Map.entry("maxConsecutiveEmptyFrames", "http2-max-empty-frames"),
            Map.entry("maxSmallContinuationFrames", "http2-max-small-continuation-frames"),
            Map.entry("idleTimeout", "http2-idle-timeout"),
            Map.entry("streamIdleTimeout", "http2-stream-idle-timeout"),
            Map.entry("drainTimeout", "http2-drain-timeout"));
    private static final Map<String, String> TUNNEL_OPTIONS = Map.of("idleTimeout", "tunnel-idle-timeout");

    /** The validated limits; an invalid value throws IllegalArgumentException naming the option and its range. */
    public ProtocolLimits limits() {
        Http1Limits http1 = named(HTTP1_OPTIONS, () -> new Http1Limits(http1MaxRequestLine, http1MaxHeadersSize,
                http1MaxHeaders, http1HeaderTimeout, http1BodyIdleTimeout, http1IdleTimeout));
        Http2Limits http2 = named(HTTP2_OPTIONS, () -> new Http2Limits(http2MaxConcurrentStreams,
                http2InitialStreamWindow, http2InitialConnectionWindow, http2MaxFrameSize, http2MaxHeaderListSize,
                http2MaxHeaders, http2MaxRstFrames, http2RstFrameWindow, http2MaxQueuedControlFrames,
                http2MaxEmptyFrames, http2MaxSmallContinuationFrames, http2IdleTimeout, http2StreamIdleTimeout,
                http2DrainTimeout));
        TunnelSettings tunnel = named(TUNNEL_OPTIONS, () -> new TunnelSettings(tunnelIdleTimeout));
        return new ProtocolLimits(http1, http2, tunnel);
    }

    /** Builds a record; its {@code "field: value (expected: ...)"} message is re-issued as {@code "option: ..."}. */
    private static <T> T named(Map<String, String> options, Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            int colon = message.indexOf(':');
            String option = colon < 0 ? null : options.get(message.substring(0, colon));
            if (option == null) {
                throw e;
            }
            throw new IllegalArgumentException(option + message.substring(colon), e);
        }
    }
}
