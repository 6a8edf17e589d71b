package io.banyan.controlplane.route.edge;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The end-user policy of one gateway route, every part optional: {@code auth} (JWT and/or API key; both when both are
 * given), {@code rateLimit} (a token bucket per client), {@code cors}, {@code maxRequestBytes} (413 beyond it). A rate
 * limit keyed by the API key or the JWT subject needs that authentication on the same route.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EdgePolicy(EdgeAuth auth, ClientRateLimit rateLimit, Cors cors, Long maxRequestBytes) {

    /** The largest body limit: 1 GiB (larger bodies are uploads, not API calls, and have no place at the edge). */
    public static final long MAX_REQUEST_BYTES = 1L << 30;
    public static final EdgePolicy NONE = new EdgePolicy(null, null, null, null);

    public EdgePolicy {
        if (maxRequestBytes != null && (maxRequestBytes < 1 || maxRequestBytes > MAX_REQUEST_BYTES)) {
            throw EdgeCheck.invalid("maxRequestBytes", maxRequestBytes + " (expected: 1.." + MAX_REQUEST_BYTES + ")");
        }
        if (rateLimit != null && rateLimit.key() == ClientKey.API_KEY && (auth == null || auth.apiKey() == null)) {
            throw EdgeCheck.invalid("rateLimit.key", "apiKey (expected: auth.apiKey on the same route)");
        }
        if (rateLimit != null && rateLimit.key() == ClientKey.JWT_SUBJECT && (auth == null || auth.jwt() == null)) {
            throw EdgeCheck.invalid("rateLimit.key", "jwtSubject (expected: auth.jwt on the same route)");
        }
        if (rateLimit != null && rateLimit.key() == ClientKey.JWT_SUBJECT && !auth.jwt().required()) {
            throw EdgeCheck.invalid("rateLimit.key", "jwtSubject (expected: auth.jwt.required true, so every request"
                    + " has a subject)");
        }
    }

    /** Builds a policy from a route's four optional fields; all absent is {@link #NONE}. */
    public static EdgePolicy of(EdgeAuth auth, ClientRateLimit rateLimit, Cors cors, Long maxRequestBytes) {
        return new EdgePolicy(auth, rateLimit, cors, maxRequestBytes);
    }

    /** Whether this policy asks nothing of the gateway. */
    @JsonIgnore
    public boolean isEmpty() {
        return auth == null && rateLimit == null && cors == null && maxRequestBytes == null;
    }
}
