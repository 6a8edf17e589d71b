package io.banyan.sidecar.observe;

import io.banyan.dataplane.config.TrafficDirection;
import io.banyan.primitives.text.Cut;
import io.banyan.primitives.time.Ticker;
import io.banyan.sidecar.core.ErrorCause;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http2.Http2StreamChannel;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Tells one listener's {@link ExchangeObserver} of a request answered before any exchange existed (a protocol
 * guard's refusal, a gateway policy's answer): begun and ended at once, as one {@link ExchangeRecord} with no
 * attempt and no upstream, so that the access log, traces and the recent failures see it as they see an exchange.
 * What the client chose is cut to {@link #MAX_TEXT} characters. Nothing is made unless a request is answered here,
 * and nothing when no one observes or wants its record.
 */
public final class EarlyAnswers {

    /** Tells no one: for pipelines built without an observer (tests, tools). */
    public static final EarlyAnswers NONE = new EarlyAnswers(ExchangeObserver.NONE, "", TrafficDirection.OUTBOUND,
            Clock.systemUTC(), Ticker.system());

    /** The most characters kept of a method, authority, path or request id a client sent. */
    public static final int MAX_TEXT = 1024;

    private static final String REQUEST_ID = "x-request-id";

    private final ExchangeObserver observer;
    private final String listener;
    private final TrafficDirection direction;
    private final Clock clock;
    private final Ticker ticker;

    /** @param clock the wall clock a record's start is told by; {@code ticker} times how long an answer took */
    public EarlyAnswers(ExchangeObserver observer, String listener, TrafficDirection direction, Clock clock,
                        Ticker ticker) {
        this.observer = GuardedObserver.of(observer, ticker); // as an exchange's: a failing observer breaks nothing
        this.listener = Objects.requireNonNull(listener, "listener");
        this.direction = Objects.requireNonNull(direction, "direction");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
    }

    /** Now on the ticker durations are measured by (a head's arrival, for {@link #answered}'s {@code nanos}). */
    public long nanoTime() {
        return ticker.nanoTime();
    }

    /**
     * {@code by} answered {@code status} (0: the connection closed without an answer) on its own.
     *
     * @param head     the request head as far as it was read; null when none was (it never came, or its request line
     *                 could not be read)
     * @param protocol the downstream protocol ({@code HTTP/1.1}, {@code HTTP/2}), null when the head did not say
     * @param cause    the cause the answer carries in {@code x-banyan-error}, null when it carries none
     * @param nanos    from the head's first bytes (or its arrival) to the answer
     */
    public void answered(AnsweredBy by, HttpRequest head, String protocol, int status, ErrorCause cause, long nanos) {
        if (observer == ExchangeObserver.NONE) {
            return;
        }
        ExchangeObservation every = observer.everyExchange();
        if (every != null && !every.wantsRecord(by, status, cause)) {
            return; // nobody reads a start or wants this record: a flood of refusals builds nothing
        }
        HttpHeaders headers = head == null ? EmptyHttpHeaders.INSTANCE : head.headers();
        Instant start = clock.instant().minusNanos(nanos);
        String method = head == null ? null : Cut.toLength(head.method().name(), MAX_TEXT);
        String authority = Cut.toLength(headers.get(HttpHeaderNames.HOST), MAX_TEXT);
        String path = head == null ? null : Cut.toLength(head.uri(), MAX_TEXT);
        ExchangeObservation observation = every != null ? every : observer.begin(new ExchangeStart(start, listener,
                direction, method, authority, path, protocol, headers));
        if (!observation.wantsRecord(by, status, cause)) {
            return;
        }
        observation.ended(new ExchangeRecord(start, listener, direction, method, authority, path, protocol, status,
                cause, nanos, -1, 0, 0, Cut.toLength(headers.get(REQUEST_ID), MAX_TEXT), observation.traceId(),
                null, null, null, null, List.of(), by));
    }

    /** The downstream protocol of {@code request} on {@code channel}: {@code HTTP/2} on a stream, else its version. */
    public static String protocol(Channel channel, HttpRequest request) {
        return channel instanceof Http2StreamChannel ? "HTTP/2" : request.protocolVersion().text();
    }
}
