package io.banyan.controlplane.route;

/**
 * A copy of a share of the route's requests sent to another service, fire-and-forget: {@code percent} in
 * (0, 100], in steps of 0.0001.
 */
public record Mirror(String service, Double percent) {

    /** Envoy's FractionalPercent denominator MILLION: one percent is 10000. */
    public static final int PER_PERCENT = 10_000;

    public Mirror {
        Rules.serviceName("service", service);
        if (percent == null || !(percent > 0 && percent <= 100) || Math.round(percent * PER_PERCENT) < 1) {
            throw Rules.invalid("percent", percent + " (expected: > 0 and <= 100, in steps of 0.0001)");
        }
    }

    /** The share per million requests. */
    public int perMillion() {
        return (int) Math.round(percent * PER_PERCENT);
    }
}
