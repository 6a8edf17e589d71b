package io.banyan.sidecar.observe;

import io.banyan.dataplane.config.Endpoint;
import io.banyan.dataplane.config.TrafficDirection;
import io.banyan.sidecar.core.ErrorCause;

import java.time.Instant;
import java.util.List;

/**
 * One request as it ended, with Envoy's access log fields as the model. Strings are as the request carried them (a
 * writer escapes or cuts them); {@code null} where there is none.
 *
 * @param start                when it began (wall clock)
 * @param listener             the listener's name
 * @param direction            inbound or outbound
 * @param method               the request method
 * @param authority            {@code Host} / {@code :authority}
 * @param path                 the request target as the client sent it, before any rewrite
 * @param protocol             the downstream protocol: {@code HTTP/1.1}, {@code HTTP/1.0} or {@code HTTP/2}
 * @param status               the status sent downstream; 0 when none was (the client went away first)
 * @param cause                the mesh's {@code x-banyan-error} token's cause, null when the mesh did not fail it
 * @param durationNanos        from the request head to the end of the response
 * @param upstreamServiceNanos from the last attempt's start to its response head (Envoy's upstream service time),
 *                             -1 when no response head came
 * @param bytesReceived        request body bytes received from downstream
 * @param bytesSent            response body bytes sent downstream
 * @param requestId            {@code x-request-id}
 * @param traceId              the trace it belongs to (32 hex), null when not traced
 * @param caller               the caller's verified SPIFFE id (inbound, mutual TLS), null otherwise
 * @param upstreamService      the cluster it was admitted to, null when it was not
 * @param route                the name of the route it matched, null when none or unnamed
 * @param endpoint             the endpoint of the last attempt, null when there was none
 * @param attempts             every try, in order (empty when none was made)
 * @param answeredBy           who answered: the proxy, or (no exchange, no attempts) a part before it
 */
public record ExchangeRecord(Instant start, String listener, TrafficDirection direction, String method,
                             String authority, String path, String protocol, int status, ErrorCause cause,
                             long durationNanos, long upstreamServiceNanos, long bytesReceived, long bytesSent,
                             String requestId, String traceId, String caller, String upstreamService, String route,
                             Endpoint endpoint, List<AttemptRecord> attempts, AnsweredBy answeredBy) {

    public ExchangeRecord {
        attempts = List.copyOf(attempts);
        answeredBy = answeredBy == null ? AnsweredBy.PROXY : answeredBy;
    }

    /** An exchange of the proxy (the record as it was before {@link #answeredBy} was added). */
    public ExchangeRecord(Instant start, String listener, TrafficDirection direction, String method, String authority,
                          String path, String protocol, int status, ErrorCause cause, long durationNanos,
                          long upstreamServiceNanos, long bytesReceived, long bytesSent, String requestId,
                          String traceId, String caller, String upstreamService, String route, Endpoint endpoint,
                          List<AttemptRecord> attempts) {
        this(start, listener, direction, method, authority, path, protocol, status, cause, durationNanos,
                upstreamServiceNanos, bytesReceived, bytesSent, requestId, traceId, caller, upstreamService, route,
                endpoint, attempts, AnsweredBy.PROXY);
    }

    /** Whether the mesh failed it (an {@code x-banyan-error} went down, or the response was cut). */
    public boolean failed() {
        return cause != null;
    }
}
