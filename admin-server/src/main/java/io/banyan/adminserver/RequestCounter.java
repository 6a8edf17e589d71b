package io.banyan.adminserver;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts admin requests by method, route and status. Every label comes from a closed set: the method from
 * {@link AdminMethod}, the route is a template of the route table or {@code unmatched}, the status one the server
 * answered. Nothing a client sends becomes a label value.
 */
final class RequestCounter {

    static final String UNMATCHED = "unmatched";

    private final MeterRegistry meters;

    RequestCounter(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Records one answered request; {@code route} is null when no route matched the path. */
    void record(AdminMethod method, String route, int status) {
        meters.counter(AdminMetricNames.REQUESTS, "method", method.label(), "route", route == null ? UNMATCHED : route,
                "status", Integer.toString(status)).increment();
    }
}
