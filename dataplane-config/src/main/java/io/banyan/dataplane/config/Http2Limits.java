package io.banyan.dataplane.config;

import io.banyan.primitives.check.Checks;

import java.time.Duration;

/**
 * The limits every HTTP/2 downstream connection enforces, set explicitly rather than left to Netty's defaults.
 * A zero timeout disables that timeout.
 *
 * @param maxConcurrentStreams      SETTINGS_MAX_CONCURRENT_STREAMS; more open streams are refused (REFUSED_STREAM)
 * @param initialStreamWindow       SETTINGS_INITIAL_WINDOW_SIZE: the most unread body bytes buffered per stream
 * @param initialConnectionWindow   the connection's receive window: the most unread body bytes buffered per connection
 *                                  (at least {@code initialStreamWindow})
 * @param maxFrameSize              SETTINGS_MAX_FRAME_SIZE
 * @param maxHeaderListBytes        SETTINGS_MAX_HEADER_LIST_SIZE (decoded); larger answers 431, a compressed block
 *                                  over 1.25 times this closes the connection (CONTINUATION flood)
 * @param maxHeaderCount            the most header fields in a request; more answers 431
 * @param maxRstFramesPerWindow     RST_STREAM frames a client may send per {@code rstFrameWindow} before the
 *                                  connection is closed with ENHANCE_YOUR_CALM (rapid reset, CVE-2023-44487)
 * @param rstFrameWindow            the window of {@code maxRstFramesPerWindow}
 * @param maxQueuedControlFrames    control frames (SETTINGS/PING acks, RST_STREAM) queued unsent before the connection
 *                                  is closed (a flooding client that does not read)
 * @param maxConsecutiveEmptyFrames DATA frames with an empty payload and no END_STREAM in a row before GOAWAY
 * @param maxSmallContinuationFrames small CONTINUATION frames in a row before GOAWAY
 * @param idleTimeout               how long a connection may have no open stream before GOAWAY and close
 * @param streamIdleTimeout         how long a stream may see no frame either way before it is reset
 * @param drainTimeout              after a graceful GOAWAY, how long open streams may take before the connection closes
 */
public record Http2Limits(int maxConcurrentStreams, int initialStreamWindow, int initialConnectionWindow,
                          int maxFrameSize, int maxHeaderListBytes, int maxHeaderCount,
                          int maxRstFramesPerWindow, Duration rstFrameWindow, int maxQueuedControlFrames,
                          int maxConsecutiveEmptyFrames, int maxSmallContinuationFrames,
                          Duration idleTimeout, Duration streamIdleTimeout, Duration drainTimeout) {

    private static final int MIB = 1024 * 1024;

    public static final Http2Limits DEFAULT = new Http2Limits(100, MIB, 4 * MIB, 16_384, 60 * 1024, 100,
            200, Duration.ofSeconds(30), 1000, 1, 16,
            Duration.ofHours(1), Duration.ofMinutes(5), Duration.ofSeconds(30));

    public Http2Limits {
        Checks.between(maxConcurrentStreams, 1, Integer.MAX_VALUE, "maxConcurrentStreams");
        Checks.between(initialStreamWindow, 65_535, Integer.MAX_VALUE, "initialStreamWindow");
        Checks.between(initialConnectionWindow, initialStreamWindow, Integer.MAX_VALUE, "initialConnectionWindow");
        Checks.between(maxFrameSize, 16_384, 16_777_215, "maxFrameSize");
        Checks.between(maxHeaderListBytes, 1024, 16 * MIB, "maxHeaderListBytes");
        Checks.between(maxHeaderCount, 1, 10_000, "maxHeaderCount");
        Checks.between(maxRstFramesPerWindow, 1, Integer.MAX_VALUE, "maxRstFramesPerWindow");
        Checks.positive(rstFrameWindow, "rstFrameWindow");
        Checks.between(maxQueuedControlFrames, 1, Integer.MAX_VALUE, "maxQueuedControlFrames");
        Checks.between(maxConsecutiveEmptyFrames, 1, Integer.MAX_VALUE, "maxConsecutiveEmptyFrames");
        Checks.between(maxSmallContinuationFrames, 1, Integer.MAX_VALUE, "maxSmallContinuationFrames");
        Checks.nonNegative(idleTimeout, "idleTimeout");
        Checks.nonNegative(streamIdleTimeout, "streamIdleTimeout");
        Checks.nonNegative(drainTimeout, "drainTimeout");
        if (rstFrameWindow.toSeconds() < 1) {
            throw new IllegalArgumentException("rstFrameWindow: " + rstFrameWindow + " (expected: >= 1s)");
        }
    }

    /** These limits with other timeouts. */
    public Http2Limits withTimeouts(Duration idle, Duration streamIdle, Duration drain) {
        return new Http2Limits(maxConcurrentStreams, initialStreamWindow, initialConnectionWindow, maxFrameSize,
                maxHeaderListBytes, maxHeaderCount, maxRstFramesPerWindow, rstFrameWindow, maxQueuedControlFrames,
                maxConsecutiveEmptyFrames, maxSmallContinuationFrames, idle, streamIdle, drain);
    }

    /** These limits with another rapid-reset allowance. */
    public Http2Limits withRstFrames(int maxPerWindow, Duration window) {
        return new Http2Limits(maxConcurrentStreams, initialStreamWindow, initialConnectionWindow, maxFrameSize,
                maxHeaderListBytes, maxHeaderCount, maxPerWindow, window, maxQueuedControlFrames,
                maxConsecutiveEmptyFrames, maxSmallContinuationFrames, idleTimeout, streamIdleTimeout, drainTimeout);
    }

    /** These limits with other header limits. */
    public Http2Limits withHeaderLimits(int headerListBytes, int headerCount) {
        return new Http2Limits(maxConcurrentStreams, initialStreamWindow, initialConnectionWindow, maxFrameSize,
                headerListBytes, headerCount, maxRstFramesPerWindow, rstFrameWindow, maxQueuedControlFrames,
                maxConsecutiveEmptyFrames, maxSmallContinuationFrames, idleTimeout, streamIdleTimeout, drainTimeout);
    }
}
