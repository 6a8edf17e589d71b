package io.banyan.controlplane.policy;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Every explicitly set policy at one revision (services not in it get {@link TrafficPolicy#DEFAULT}). Immutable. */
public record PolicySnapshot(long revision, SortedMap<String, TrafficPolicy> policies) {

    public PolicySnapshot {
        policies = Collections.unmodifiableSortedMap(new TreeMap<>(policies));
    }

    public static PolicySnapshot empty() {
        return new PolicySnapshot(0, new TreeMap<>());
    }

    /** The effective policy of a service: its own, or the default. */
    public TrafficPolicy of(String service) {
        return policies.getOrDefault(service, TrafficPolicy.DEFAULT);
    }

    public Map<String, TrafficPolicy> asMap() {
        return policies;
    }
}
