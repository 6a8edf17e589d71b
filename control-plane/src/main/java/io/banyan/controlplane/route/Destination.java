package io.banyan.controlplane.route;

/** Where a route sends a share of its requests: a service and its weight (0..100; the route's weights sum to 100). */
public record Destination(String service, Integer weight) {

    public Destination {
        Rules.serviceName("service", service);
        if (weight != null && (weight < 0 || weight > OperatorRoute.TOTAL_WEIGHT)) {
            throw Rules.invalid("weight", weight + " (expected: weights summing to " + OperatorRoute.TOTAL_WEIGHT
                    + ")");
        }
    }
}
