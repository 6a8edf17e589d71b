package io.banyan.sidecar.observe;

import java.util.Locale;

/**
 * Which part of the data plane answered a request: the proxy (an exchange: routed, or failed by the mesh), or a part
 * before it that answered the request head itself, so that no exchange ever existed. Envoy's nearest are the
 * response flags ({@code DPE} for a downstream protocol error, {@code RL}, {@code UAEX}).
 */
public enum AnsweredBy {
    /** An exchange of the proxy: every attempt, the mesh's own failures ({@code no_route}, ...). */
    PROXY,
    /** The HTTP/1.1 protocol guards refused the request head: malformed, too large, or too slow to arrive. */
    PROTOCOL_GUARD,
    /** A gateway's end-user policy answered: a refusal (JWT, API key, rate limit, body size) or a CORS preflight. */
    EDGE_POLICY;

    /** The lower-case name the access log writes: {@code protocol_guard}. */
    public String token() {
        return name().toLowerCase(Locale.ROOT);
    }
}
