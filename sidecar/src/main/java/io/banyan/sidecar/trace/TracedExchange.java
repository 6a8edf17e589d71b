package io.banyan.sidecar.trace;

import io.banyan.dataplane.config.Endpoint;
import io.banyan.primitives.time.Ticker;
import io.banyan.sidecar.observe.AttemptRecord;
import io.banyan.sidecar.observe.ExchangeObservation;
import io.banyan.sidecar.observe.ExchangeRecord;
import io.banyan.sidecar.observe.ExchangeStart;
import io.netty.handler.codec.http.HttpHeaders;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The spans of one recorded exchange: a SERVER span for the request as this hop received it, a CLIENT span child of it
 * for each attempt, whose context goes upstream ({@code traceparent}, and B3 in the formats the request came with).
 * Attempt spans end with the exchange (their end times are their own), so that what is only known at the end (the
 * cluster) is on them too. Times: the exchange's wall-clock start plus the ticker's nanoseconds.
 */
final class TracedExchange implements ExchangeObservation {

    private final Tracer tracer;
    private final Ticker ticker;
    private final TraceParent parent;
    /** Whether the request came with B3 headers (single, multi): they go upstream rewritten, never stale. */
    private final boolean b3Single;
    private final boolean b3Multi;
    private final String method;
    private final Span server;
    private final Context serverContext;
    private final long startEpochNanos;
    private final long startNanos;
    private final List<Attempt> attempts = new ArrayList<>(2);

    private static final class Attempt {
        final Span span;
        final long startEpochNanos;
        long endEpochNanos = -1;

        Attempt(Span span, long startEpochNanos) {
            this.span = span;
            this.startEpochNanos = startEpochNanos;
        }
    }

    TracedExchange(Tracer tracer, ExchangeStart start, TraceParent parent, String service, Ticker ticker) {
        this.tracer = tracer;
        this.ticker = ticker;
        this.parent = parent;
        this.b3Single = start.headers().contains(TraceHeaders.B3);
        this.b3Multi = start.headers().contains(TraceHeaders.B3_TRACE_ID)
                || start.headers().contains(TraceHeaders.B3_SAMPLED);
        this.startNanos = ticker.nanoTime();
        this.startEpochNanos = epochNanos(start.start());
        String requestMethod = start.method();
        boolean known = requestMethod != null && SpanAttributes.KNOWN_METHODS.contains(requestMethod);
        this.method = known ? requestMethod : "HTTP";
        SpanBuilder builder = tracer.spanBuilder(method)
                .setSpanKind(SpanKind.SERVER)
                .setParent(parentContext(parent))
                .setStartTimestamp(startEpochNanos, TimeUnit.NANOSECONDS)
                .setAttribute(SpanAttributes.METHOD, known ? requestMethod : "_OTHER")
                .setAttribute(SpanAttributes.SERVICE, service)
                .setAttribute(SpanAttributes.DIRECTION, start.direction().name().toLowerCase(Locale.ROOT))
                .setAttribute(SpanAttributes.LISTENER, start.listener())
                .setAttribute(SpanAttributes.PROTOCOL_VERSION, protocolVersion(start.protocol()));
        if (!known && requestMethod != null) { // null: refused before its request line was read
            builder.setAttribute(SpanAttributes.METHOD_ORIGINAL, requestMethod);
        }
        if (start.path() != null) {
            int query = start.path().indexOf('?');
            builder.setAttribute(SpanAttributes.URL_PATH, query < 0 ? start.path() : start.path().substring(0, query));
        }
        Authority.of(start.authority()).setOn(builder);
        this.server = builder.startSpan();
        this.serverContext = Context.root().with(server);
    }

    private static Context parentContext(TraceParent parent) {
        if (parent == null || !parent.hasSpan()) {
            return Context.root();
        }
        return Context.root().with(Span.wrap(SpanContext.createFromRemoteParent(parent.traceId(), parent.spanId(),
                TraceFlags.getSampled(), TraceState.getDefault())));
    }

    @Override
    public void attemptStarted(int number, Endpoint endpoint, HttpHeaders upstreamHeaders) {
        long attemptStart = startEpochNanos + (ticker.nanoTime() - startNanos);
        SpanBuilder builder = tracer.spanBuilder(method)
                .setSpanKind(SpanKind.CLIENT)
                .setParent(serverContext)
                .setStartTimestamp(attemptStart, TimeUnit.NANOSECONDS)
                .setAttribute(SpanAttributes.ATTEMPT, (long) number)
                .setAttribute(SpanAttributes.METHOD, methodAttribute())
                .setAttribute(SpanAttributes.SERVER_ADDRESS, endpoint.host())
                .setAttribute(SpanAttributes.SERVER_PORT, (long) endpoint.port());
        if (number > 1) {
            builder.setAttribute(SpanAttributes.RESEND_COUNT, (long) number - 1);
        }
        if (!endpoint.zone().isEmpty()) {
            builder.setAttribute(SpanAttributes.ENDPOINT_ZONE, endpoint.zone());
        }
        Span span = builder.startSpan();
        attempts.add(new Attempt(span, attemptStart));
        propagate(span.getSpanContext(), upstreamHeaders);
    }

    private String methodAttribute() {
        return "HTTP".equals(method) ? "_OTHER" : method;
    }

    /** The attempt's context upstream: W3C always, and B3 in each format the request came with. */
    private void propagate(SpanContext attempt, HttpHeaders headers) {
        String traceId = attempt.getTraceId();
        headers.set(TraceHeaders.TRACEPARENT, TraceHeaders.traceparent(traceId, attempt.getSpanId(), true));
        if (parent == null || parent.format() != TraceParent.Format.W3C) {
            headers.remove(TraceHeaders.TRACESTATE); // it belonged to no trace we continue
        }
        String serverSpanId = server.getSpanContext().getSpanId();
        if (b3Single) {
            headers.set(TraceHeaders.B3, TraceHeaders.b3(traceId, attempt.getSpanId(), true, serverSpanId));
        }
        if (b3Multi) {
            headers.set(TraceHeaders.B3_TRACE_ID, traceId)
                    .set(TraceHeaders.B3_SPAN_ID, attempt.getSpanId())
                    .set(TraceHeaders.B3_PARENT_SPAN_ID, serverSpanId)
                    .set(TraceHeaders.B3_SAMPLED, "1")
                    .remove(TraceHeaders.B3_FLAGS);
        }
    }

    @Override
    public void attemptEnded(AttemptRecord record) {
        int index = record.number() - 1;
        if (index < 0 || index >= attempts.size()) {
            return;
        }
        Attempt attempt = attempts.get(index);
        attempt.endEpochNanos = attempt.startEpochNanos + record.durationNanos();
        if (record.responded()) {
            attempt.span.setAttribute(SpanAttributes.STATUS, (long) record.status());
            if (record.status() >= 500) {
                attempt.span.setStatus(StatusCode.ERROR);
            }
        }
        if (record.cause() != null) {
            attempt.span.setAttribute(SpanAttributes.ERROR, record.cause().token());
            attempt.span.setAttribute(SpanAttributes.ERROR_TYPE, record.cause().token());
            attempt.span.setStatus(StatusCode.ERROR, record.cause().token());
        }
    }

    @Override
    public void ended(ExchangeRecord record) {
        long endEpochNanos = startEpochNanos + record.durationNanos();
        for (Attempt attempt : attempts) {
            if (record.upstreamService() != null) {
                attempt.span.setAttribute(SpanAttributes.UPSTREAM_SERVICE, record.upstreamService());
            }
            attempt.span.end(attempt.endEpochNanos >= 0 ? attempt.endEpochNanos : endEpochNanos,
                    TimeUnit.NANOSECONDS);
        }
        if (record.status() > 0) {
            server.setAttribute(SpanAttributes.STATUS, (long) record.status());
        }
        server.setAttribute(SpanAttributes.REQUEST_BODY_SIZE, record.bytesReceived());
        server.setAttribute(SpanAttributes.RESPONSE_BODY_SIZE, record.bytesSent());
        server.setAttribute(SpanAttributes.ATTEMPTS, (long) record.attempts().size());
        setIfPresent(SpanAttributes.CALLER, record.caller());
        setIfPresent(SpanAttributes.UPSTREAM_SERVICE, record.upstreamService());
        setIfPresent(SpanAttributes.ROUTE, record.route());
        setIfPresent(SpanAttributes.REQUEST_ID, record.requestId());
        if (record.cause() != null) {
            server.setAttribute(SpanAttributes.ERROR, record.cause().token());
            server.setAttribute(SpanAttributes.ERROR_TYPE, record.cause().token());
            server.setStatus(StatusCode.ERROR, record.cause().token());
        } else if (record.status() >= 500) {
            server.setStatus(StatusCode.ERROR);
        }
        server.end(endEpochNanos, TimeUnit.NANOSECONDS);
    }

    private void setIfPresent(io.opentelemetry.api.common.AttributeKey<String> key, String value) {
        if (value != null) {
            server.setAttribute(key, value);
        }
    }

    @Override
    public String traceId() {
        return server.getSpanContext().getTraceId();
    }

    private static long epochNanos(Instant instant) {
        return TimeUnit.SECONDS.toNanos(instant.getEpochSecond()) + instant.getNano();
    }

    /** {@code HTTP/1.1} → 1.1, {@code HTTP/2} → 2. */
    private static String protocolVersion(String protocol) {
        if (protocol == null) {
            return null; // unknown (a request refused before its request line was read): the attribute is left out
        }
        return protocol.startsWith("HTTP/") ? protocol.substring(5) : protocol;
    }

    /** {@code host[:port]} of a request, split for server.address and server.port. */
    private record Authority(String host, long port) {
        static Authority of(String authority) {
            if (authority == null || authority.isEmpty()) {
                return new Authority(null, -1);
            }
            int colon = authority.lastIndexOf(':');
            if (colon > authority.lastIndexOf(']') && colon < authority.length() - 1) {
                try {
                    return new Authority(authority.substring(0, colon),
                            Long.parseLong(authority.substring(colon + 1)));
                } catch (NumberFormatException e) {
                    return new Authority(authority, -1);
                }
            }
            return new Authority(authority, -1);
        }

        void setOn(SpanBuilder builder) {
            if (host != null) {
                builder.setAttribute(SpanAttributes.SERVER_ADDRESS, host);
            }
            if (port >= 0 && port <= 65535) {
                builder.setAttribute(SpanAttributes.SERVER_PORT, port);
            }
        }
    }
}
