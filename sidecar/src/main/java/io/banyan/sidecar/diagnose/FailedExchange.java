package io.banyan.sidecar.diagnose;

import io.banyan.dataplane.config.TrafficDirection;
import io.banyan.sidecar.core.ErrorCause;
import io.banyan.sidecar.http1.ForwardedHeaders;
import io.banyan.sidecar.observe.AnsweredBy;
import io.banyan.sidecar.observe.AttemptRecord;
import io.banyan.sidecar.observe.ExchangeRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A failed exchange as the ring keeps it: a copy of its {@link ExchangeRecord} with every string a client chose cut
 * to a bound ({@link #MAX_TEXT}, {@link #MAX_PATH}, a request id to {@link ForwardedHeaders#MAX_REQUEST_ID}) and at most {@link #MAX_ATTEMPTS} tries, so that what a client
 * sends never grows what the sidecar retains.
 *
 * @param cause the mesh's {@code x-banyan-error} token, or {@code upstream_<status>} when the upstream's 5xx went
 *              down as it came (never null)
 */
public record FailedExchange(Instant start, String listener, TrafficDirection direction, String method,
                             String authority, String path, String protocol, int status, String cause,
                             double durationMillis, String requestId, String traceId, String upstreamService,
                             String route, String endpoint, List<FailedAttempt> attempts) {

    /** The most characters kept of a client's authority or method, and of a trace id. */
    static final int MAX_TEXT = 128;
    /** The most characters kept of a request path. */
    static final int MAX_PATH = 256;
    /** The most tries kept (retry policies allow far fewer). */
    static final int MAX_ATTEMPTS = 16;

    public FailedExchange {
        attempts = List.copyOf(attempts);
    }

    /**
     * Whether {@code record} is a failure the ring keeps: the mesh failed an exchange, or a 5xx went down. A request
     * refused before any exchange is the client's doing, not a failure of the mesh (a protocol guard's
     * {@code 400}/{@code 408}/{@code 414}/{@code 431}/{@code 505}, a gateway policy's
     * {@code 401}/{@code 403}/{@code 413}/{@code 429}), and a client can send such requests as fast as it likes: kept,
     * they would push the mesh's failures out of the ring. The access log has them. Kept of those: a gateway's 5xx
     * ({@code jwks_unavailable}: it could not check the credentials).
     */
    static boolean isFailure(ExchangeRecord record) {
        return isFailure(record.answeredBy(), record.status(), record.cause());
    }

    /** {@link #isFailure(ExchangeRecord)} of a record not built yet: answered {@code status} by {@code by}. */
    static boolean isFailure(AnsweredBy by, int status, ErrorCause cause) {
        return switch (by) {
            case PROXY -> cause != null || status >= 500;
            case PROTOCOL_GUARD -> false;
            case EDGE_POLICY -> status >= 500;
        };
    }

    static FailedExchange of(ExchangeRecord record) {
        List<AttemptRecord> tries = record.attempts();
        List<FailedAttempt> kept = new ArrayList<>(Math.min(tries.size(), MAX_ATTEMPTS));
        for (int i = 0; i < tries.size() && i < MAX_ATTEMPTS; i++) {
            kept.add(FailedAttempt.of(tries.get(i)));
        }
        String cause = record.cause() != null ? record.cause().token() : upstreamCause(record.status());
        return new FailedExchange(record.start(), record.listener(), record.direction(), cut(record.method(), MAX_TEXT),
                cut(record.authority(), MAX_TEXT), cut(record.path(), MAX_PATH), record.protocol(), record.status(),
                cause, FailedAttempt.millis(record.durationNanos()), cut(record.requestId(), ForwardedHeaders.MAX_REQUEST_ID),
                cut(record.traceId(), MAX_TEXT), record.upstreamService(), record.route(),
                record.endpoint() == null ? null : record.endpoint().authority(), kept);
    }

    /** The cause of an upstream's 5xx passed down as it came: {@code upstream_503}. */
    static String upstreamCause(int status) {
        return "upstream_" + status;
    }

    /** The host of the authority, without its port, lower-case; null without an authority. */
    String host() {
        if (authority == null) {
            return null;
        }
        int colon = authority.lastIndexOf(':');
        String host = colon > 0 && authority.indexOf(']') < colon ? authority.substring(0, colon) : authority;
        return host.toLowerCase(java.util.Locale.ROOT);
    }

    static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max) + "...";
    }
}
