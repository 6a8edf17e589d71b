package io.banyan.sidecar.diagnose;

import java.util.Map;

/** What each failure cause means, in words, for the verdicts. */
final class Causes {

    private static final Map<String, String> MEANING = Map.ofEntries(
            Map.entry("no_route", "no route of this sidecar matches the request's host and path"),
            Map.entry("no_cluster", "its route names a cluster the configuration does not have"),
            Map.entry("no_healthy_upstream", "the cluster had no endpoint to send it to (none healthy, all ejected "
                    + "or none registered)"),
            Map.entry("circuit_open", "the endpoint's circuit breaker was open"),
            Map.entry("overflow", "a connection, pending-request or request limit of the cluster was full"),
            Map.entry("connect_failure", "the connection to the endpoint was refused or timed out"),
            Map.entry("upstream_tls_failure", "the mutual TLS handshake with the endpoint failed"),
            Map.entry("upstream_timeout", "the upstream did not answer within the timeout"),
            Map.entry("upstream_reset", "the upstream closed or reset the connection before a complete response"),
            Map.entry("upstream_protocol_error", "the upstream's response broke the protocol"),
            Map.entry("unauthorized", "the caller is not authorized to call the service"),
            Map.entry("rate_limited", "the route's rate limit refused it"),
            Map.entry("draining", "the sidecar was draining"),
            Map.entry("bad_request", "the request was malformed"),
            Map.entry("request_timeout", "the client was too slow sending its request"));

    private Causes() {
    }

    /** What {@code cause} means; {@code upstream_503}: the upstream answered 503. */
    static String meaning(String cause) {
        if (cause.startsWith("upstream_") && cause.length() == "upstream_".length() + 3
                && Character.isDigit(cause.charAt(cause.length() - 1))) {
            return "the upstream answered " + cause.substring("upstream_".length());
        }
        return MEANING.getOrDefault(cause, cause.replace('_', ' '));
    }
}
