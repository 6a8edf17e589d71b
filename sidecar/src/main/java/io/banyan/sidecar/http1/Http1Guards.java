package io.banyan.sidecar.http1;

import io.banyan.dataplane.config.Http1Limits;
import io.banyan.sidecar.observe.EarlyAnswers;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;

import java.util.Objects;

/**
 * The HTTP/1.1 part of a downstream pipeline, one listener's limits and counters shared by its connections:
 * obs-fold watch, then the strict server codec, then slow-client timeouts, request validation, path normalisation
 * and the proxy headers. The frontend goes after these.
 */
public final class Http1Guards {

    public static final String OBS_FOLD = "http1-obs-fold";
    public static final String TIMEOUTS = "http1-timeouts";
    public static final String VALIDATOR = "http1-validator";
    public static final String FORWARDED = "http1-forwarded";
    public static final String PATH = "http1-path";

    private static final int MAX_CHUNK = 64 * 1024;

    private final Http1Limits limits;
    private final Http1Meters meters;
    private final PathNormalizer paths = new PathNormalizer();
    private final DownstreamHop hop;
    private final EarlyAnswers answers;

    /** A sidecar's outbound listener: the app is the first hop; refusals are told to no observer. */
    public Http1Guards(Http1Limits limits, Http1Meters meters) {
        this(limits, meters, DownstreamHop.LOCAL_APP, EarlyAnswers.NONE);
    }

    /**
     * {@code hop}: who the listener's clients are ({@link ForwardedHeaders}); {@code answers}: who is told of a request
     * refused before it became an exchange (a malformed or oversized head, a head that came too slowly).
     */
    public Http1Guards(Http1Limits limits, Http1Meters meters, DownstreamHop hop, EarlyAnswers answers) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.hop = Objects.requireNonNull(hop, "hop");
        this.answers = Objects.requireNonNull(answers, "answers");
    }

    /** Adds the guards and the codec (named {@code codecName}) at the pipeline's end. */
    public void addLast(ChannelPipeline pipeline, String codecName) {
        ObsFoldDetector folds = new ObsFoldDetector();
        pipeline.addLast(OBS_FOLD, folds)
                .addLast(codecName, new HttpServerCodec(decoderConfig(limits)))
                .addLast(TIMEOUTS, new SlowClientTimeouts(limits, meters, answers))
                .addLast(VALIDATOR, new RequestValidator(limits, meters, folds, answers))
                .addLast(PATH, paths)
                .addLast(FORWARDED, new ForwardedHeaders(hop));
    }

    /** The codec's settings, all strictness explicit rather than left to Netty's defaults or system properties. */
    static HttpDecoderConfig decoderConfig(Http1Limits limits) {
        return new HttpDecoderConfig()
                .setMaxInitialLineLength(limits.maxRequestLineBytes())
                .setMaxHeaderSize(limits.maxHeadersBytes())
                .setMaxChunkSize(MAX_CHUNK)
                .setChunkedSupported(true)
                .setValidateHeaders(true)
                .setAllowDuplicateContentLengths(false)
                .setStrictLineParsing(true)
                .setUseRfc9112TransferEncoding(true);
    }
}
