package io.banyan.dataplane.config;

import io.banyan.primitives.check.Checks;

import java.time.Duration;

/**
 * The timeouts of a route and its cluster. Zero disables a timeout where noted.
 *
 * @param connectTimeout establishing a connection to an endpoint (Envoy cluster {@code connect_timeout}, 5 s)
 * @param routeTimeout the whole request, all attempts and backoffs included, until the response head
 *        (Envoy route {@code timeout}, 15 s; 0 disables)
 * @param perTryTimeout one attempt until its response head (Envoy {@code per_try_timeout}; 0: the route timeout)
 * @param idleTimeout a connection with no request in flight is closed after this (Envoy
 *        {@code common_http_protocol_options.idle_timeout}, 1 h; 0 disables)
 */
public record TimeoutSettings(Duration connectTimeout, Duration routeTimeout, Duration perTryTimeout, Duration idleTimeout) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_ROUTE_TIMEOUT = Duration.ofSeconds(15);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofHours(1);

    public static final TimeoutSettings DEFAULT =
            new TimeoutSettings(DEFAULT_CONNECT_TIMEOUT, DEFAULT_ROUTE_TIMEOUT, Duration.ZERO, DEFAULT_IDLE_TIMEOUT);

    public TimeoutSettings {
        Checks.positive(connectTimeout, "connectTimeout");
        Checks.nonNegative(routeTimeout, "routeTimeout");
        Checks.nonNegative(perTryTimeout, "perTryTimeout");
        Checks.nonNegative(idleTimeout, "idleTimeout");
    }
}
