package io.banyan.bench.xds;

import java.util.Objects;

/**
 * One churn write and what every affected node must then hold.
 *
 * @param kind        what the write does
 * @param address     the instance's {@code host:port}; empty for a policy change
 * @param expectation the observable result
 */
public record Change(Kind kind, String address, Expectation expectation) {

    public enum Kind { INSTANCE_UP, INSTANCE_DOWN, WEIGHT, POLICY }

    public Change {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(expectation, "expectation");
    }

    public String service() {
        return expectation.service();
    }
}
